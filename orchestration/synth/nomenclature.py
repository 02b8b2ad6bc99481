"""CPF rév. 2.1 (4 digits) to the A129 aggregate of the NA 2008, for goods.

A129 groups CPF divisions, or groups of a division, e.g. `C10A` = group 10.1, `C20B` = 20.4,
`C21Z` = the whole division 21. Only the goods that customs statistics cover are mapped (sections
A to E and the few J, M, R, S goods of `Libelle_A129.txt`); services have no A129 code in the
customs data and are left out.
"""

from __future__ import annotations

# division -> A129 for divisions that map whole
_WHOLE_DIVISION = {
    "01": "A01Z", "02": "A02Z", "03": "A03Z",
    "05": "B05Z", "06": "B06Z", "07": "B07Z", "08": "B08Z",
    "11": "C11Z", "12": "C12Z", "13": "C13Z", "14": "C14Z", "15": "C15Z", "16": "C16Z",
    "18": "C18Z", "19": "C19Z", "21": "C21Z", "31": "C31Z",
    "37": "E37Z", "38": "E38Z",
    "58": "J58Z", "59": "J59Z", "71": "M71Z", "74": "M74Z",
    "90": "R90Z", "91": "R91Z", "96": "S96Z",
}  # fmt: skip

# group (3 digits) -> A129 where a division is split
_BY_GROUP = {
    "101": "C10A", "102": "C10B", "103": "C10C", "104": "C10D", "105": "C10E",
    "106": "C10F", "107": "C10G", "108": "C10H", "109": "C10K",
    "171": "C17A", "172": "C17B",
    "201": "C20A", "202": "C20C", "203": "C20C", "204": "C20B", "205": "C20C", "206": "C20C",
    "221": "C22A", "222": "C22B",
    "231": "C23A", "232": "C23B", "233": "C23B", "234": "C23B", "235": "C23B", "236": "C23B",
    "237": "C23B", "239": "C23B",
    "241": "C24A", "242": "C24A", "243": "C24A", "244": "C24B", "245": "C24C",
    "251": "C25A", "252": "C25B", "253": "C25B", "254": "C25C", "257": "C25E", "259": "C25E",
    "261": "C26A", "262": "C26B", "263": "C26C", "264": "C26D", "265": "C26E", "266": "C26F",
    "267": "C26G", "268": "C26G",
    "271": "C27B", "272": "C27B", "273": "C27B", "274": "C27B", "275": "C27A", "279": "C27B",
    "281": "C28A", "282": "C28A", "283": "C28B", "284": "C28C", "289": "C28D",
    "291": "C29A", "292": "C29A", "293": "C29B",
    "301": "C30A", "302": "C30B", "303": "C30C", "304": "C30D", "309": "C30E",
    "321": "C32A", "322": "C32A", "323": "C32C", "324": "C32C", "325": "C32B", "329": "C32C",
    "351": "D35A", "352": "D35B",
}  # fmt: skip

# CPF4 codes of goods divisions that are services (repair, printing services...) and never
# appear in trade in goods.
_SERVICES = {"0910", "0990", "1811", "1812", "1813", "1814", "3512", "3513", "3514", "3522",
             "3523", "3811", "3812", "3821", "3822", "3900"}  # fmt: skip

# In the divisions of sections J, M, R and S, only these CPF4 codes carry goods (books, software
# on media, recordings, plans, photographs, works of art, collectors' pieces, hair).
_GOODS_IN_SERVICE_DIVISIONS = {"5811", "5813", "5814", "5829", "5920", "7112", "7420", "9003",
                               "9102", "9609"}  # fmt: skip


def a129_of(cpf4: str) -> str | None:
    """The A129 code of a CPF4 goods code, or None for services and unmapped codes."""
    if cpf4 in _SERVICES or len(cpf4) != 4:
        return None
    if cpf4[:2] in {"58", "59", "71", "74", "90", "91", "96"}:
        return _WHOLE_DIVISION[cpf4[:2]] if cpf4 in _GOODS_IN_SERVICE_DIVISIONS else None
    return _BY_GROUP.get(cpf4[:3]) or _WHOLE_DIVISION.get(cpf4[:2])
