"""The fiche's colours, as the reference describes them."""

IMPORT_BLUE = "#2f6db5"
EXPORT_VIOLET = "#7b3f9e"
POSITIVE_GREEN = "#2e9e4f"
NEGATIVE_RED = "#d62f2f"
LINK_RED = "#d62f2f"
LINK_GREY = "#c9c9c9"
NODE_GREY = "#5b5b5b"
TEXT = "#222222"
FONT = "Liberation Sans"
# In a browser without Liberation Sans: the fonts that share its metrics (labels are measured
# with them), then any sans-serif.
FONT_STACK = "'Liberation Sans', Arimo, Arial, Helvetica, sans-serif"

FLOW_COLOUR = {"import": IMPORT_BLUE, "export": EXPORT_VIOLET}
FLOW_LABEL = {"import": "Importations", "export": "Exportations"}
