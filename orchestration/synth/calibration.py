"""What the synthetic source is calibrated on: published figures and facts, each with its source.

Pure data, no logic. `generator.py` turns it into customs lines; `docs/data-source.md` says which
figures are published (and where), which are shaped on published ones, and which are invented.

Values are in billions of euros (bn€) in the scope of the regional customs file (CAF imports, FAB
exports, military equipment and estimates left out), unless a name says otherwise. A source key
(`S_...`) names the publication each figure comes from (`SOURCES` gives its address); a figure
without one is invented to make the whole add up, and is marked `None`.
"""

from __future__ import annotations

# The publications the figures and facts below come from.
SOURCES = {
    "S_FICHE": "ANCT-DGE, fiche « Les indicateurs clés : commerce extérieur », Hauts-de-Seine 2024 "
    "(shared/reference)",
    "S_DIPLO24": "https://www.diplomatie.gouv.fr/fr/politique-etrangere-de-la-france/"
    "diplomatie-economique-et-commerce-exterieur/la-france-et-ses-partenaires-economiques-"
    "pays-par-pays-2024 (Douanes top-10 partners, 2024)",
    "S_TRESOR_JP": "https://www.tresor.economie.gouv.fr/Pays/JP/commerce-bilateral-entre-la-france-"
    "et-le-japon",
    "S_TRESOR_KR": "https://www.tresor.economie.gouv.fr/Pays/KR/relations-bilaterales",
    "S_TRESOR_IE": "https://www.tresor.economie.gouv.fr/Pays/IE/relations-economiques-bilaterales-"
    "france-irlande",
    "S_TRESOR_TR": "https://www.tresor.economie.gouv.fr/Pays/TR/relations-bilaterales",
    "S_TRESOR_SG": "https://www.tresor.economie.gouv.fr/Articles/2024/07/15/les-echanges-"
    "commerciaux-entre-la-france-et-singapour-en-2023",
    "S_KIOSQUE_PHARMA": "https://lekiosque.finances.gouv.fr/site_fr/A129/data_brutes.asp"
    "?f=1&id=S30CF_S20C5&r=-1 (DGDDI, C21Z 2019-2024)",
    "S_REUSSIR24": "https://reussir.fr/lesmarches/commerce-exterieur-pourquoi-le-solde-de-"
    "lagroalimentaire-atteint-un-plus-bas-historique (customs 2024: aerospace +28.7 bn, "
    "perfumes and cosmetics +17.3 bn)",
    "S_AERO23": "https://www.laerorecrute.fr/laeronautique-est-le-1er-moteur-du-commerce-"
    "exterieur-francais/ (customs 2023: aerospace +30.8 bn, perfumes and cosmetics +16.4 bn)",
    "S_STATISTA_BOISSONS": "Statista from customs, 12 months to Aug. 2024: beverages exports "
    "« près de 20 milliards », surplus « près de 15 »",
    "S_PAYSANTARNAIS": "https://paysantarnais.com/balance-commerciale-degradation-en-2024-pour-"
    "les-produits-agricoles-et-alimentaires (customs 2024: AZ 18.6/18.1, IAA 63.9/59.5)",
    "S_LESECHOS_AUTO": "Les Echos via hespress.org (customs: car balance -12.0 bn 2019, "
    "-15.6 bn 2022)",
    "S_SDES25": "https://www.statistiques.developpement-durable.gouv.fr/chiffres-cles-de-"
    "lenergie-edition-2025 (energy bill 2023-2024 by product)",
    "S_SDES23": "https://www.statistiques.developpement-durable.gouv.fr/edition-numerique/"
    "chiffres-cles-energie-2023/4-depenses-en-energie (energy bill 2021-2022 by product)",
    "S_SDES21": "https://www.statistiques.developpement-durable.gouv.fr/edition-numerique/"
    "chiffres-cles-energie-2021/3-depenses-en-energie (energy bill 2019-2020)",
    "S_CPDP": "https://www.cpdp.org/node/6966 (crude suppliers 2024, in tonnes)",
    "S_RTE24": "RTE 2024 via boursorama/AFP (electricity exports 5 bn€; Italy 32 %, Germany 18 %, "
    "Belgium 15 % of the value; net exporter on every border)",
    "S_REFINERIES": "https://www.connaissancedesenergies.org/questions-et-reponses-energies/"
    "petrole-combien-y-t-il-de-raffineries-en-france-et-ou-sont-elles-situees",
    "S_LNG": "LNG terminals Fos-Tonkin, Fos-Cavaou (13), Montoir (44), Dunkerque (59), Le Havre "
    "FSRU from 2023 (76): meretmarine.com, actuenergie.fr, usinenouvelle.com",
    "S_ZNI": "service-public.fr R67944, CRE: the five DROM are non-interconnected zones",
    "S_EMEBI": "DGDDI, « Description des jeux de données, dernière publication » (EMEBI, shared/"
    "customs_reference): natural gas by pipeline and electricity attributed by convention to "
    "Île-de-France and Paris (75); their partner is the country of consignment",
    "S_GE24": "https://matot-braine.fr/au-sommaire/entreprises/le-grand-est-retrouve-en-2024-une-"
    "balance-commerciale-positive-a-plus-de-4 (regional totals 2024, Aube clothing 23.6 %)",
    "S_GE25": "https://matot-braine.fr/au-sommaire/entreprises/commerce-international-la-marne-"
    "affirme-sa-position-de-leader (Marne 12 % of Grand Est exports, 8 % of imports; Bas-Rhin "
    "34 % and 39 %; champagne)",
    "S_GE22": "https://matot-braine.fr/au-sommaire/collectivites/la-balance-encore-positive-du-"
    "commerce-exterieur-du-grand-est-perd-plus-de-la (2022: 12.7 % and 9.2 % of France)",
    "S_GE19": "https://forumeco.fr/les-exportations-du-grand-est-affichent-un-nouveau-record-en-2019"
    " (2019: 13.3 % and 10.7 % of France; DE 16.3, GB 5.7, IT 5.6, US 4.0 bn)",
    "S_CHAMPAGNE": "Comité Champagne via Les Echos, 2019: first export markets US, GB, JP, DE, IT",
    "S_OCC": "https://www.occitanie.cci.fr/actualite/occitanie-zoom-sur-le-commerce-exterieur "
    "(2019-2022 totals; aerospace 56.5 % of exports; Haute-Garonne 61 %, Hautes-Pyrénées 6.5 %, "
    "Hérault 6.4 %, Gard 6 %, Pyrénées-Orientales 5.6 %; DE, ES, CN, US, IN, GB, IT)",
    "S_HDF17": "http://hauts-de-france.direccte.gouv.fr/Le-commerce-exterieur-dans-les-Hauts-de-"
    "France-en-2017 (Nord 47.4 % of exports, 51.2 % of imports; cars, parts, chemicals, steel)",
    "S_HDF22": "https://hautsdefrance.cci.fr/actualites/les-echanges-a-linternational-dans-les-"
    "hauts-de-france/ (BE+DE+GB 42.2 % of exports)",
    "S_ISERE": "https://groupe-ecomedia.com/isere-une-croissance-a-deux-chiffres-en-matiere-"
    "dexportation/ (18.9 % of the region's exports; machinery, electrical, electronics 40 %; "
    "DE, IT, US, ES, CH)",
    "S_AUVERGNE": "INSEE Auvergne 2003, « Commerce extérieur auvergnat : des exportations "
    "spécialisées » (organic chemistry, rubber, pharmaceuticals)",
    "S_RHONEALPES": "INSEE Conjoncture Rhône-Alpes 2015 (basic chemicals first export group); "
    "Le Moci, « Rhône-Alpes : les pôles d'excellence » (Ain, Isère, Rhône 66 %; décolletage of "
    "the Arve valley)",
    "S_NORMANDIE": "OREXPORT n°1 2011 (Seine-Maritime three quarters of Haute-Normandie's "
    "exports, first for petroleum products); INSEE Flash Normandie 151 (cereals, chemicals, "
    "US first destination)",
    "S_PDL": "ORES Pays de la Loire (ships 2.0 bn in 2018, aerospace, cars, machinery, "
    "agri-food; hydrocarbons 18 % of imports: Donges)",
    "S_PACA12": "https://lemoci.com/?p=23802 (PACA 2012: chemicals and perfumes 23.7 % of "
    "exports, refined products 20.4 %, transport equipment 12.5 %; crude 44.9 % of imports)",
    "S_PACA_HE": "https://www.businews.fr/ (PACA 2018: essential oils 1.3 bn, Provence wines)",
    "S_DIGNE": "http://www.digne.cci.fr/les-exportations-de-produits,863.html (Alpes-de-Haute-"
    "Provence: perfumes and cosmetics 61 % of exports; US, JP, HK; Italy first supplier)",
    "S_NA22": "https://www.nouvelle-aquitaine.cci.fr/actualite/commerce-international-de-la-"
    "nouvelle-aquitaine-en-2022 (crops, pulp and paper, beverages; petroleum first import)",
    "S_BNIC": "BNIC via francebleu.fr and zonebourse.com (cognac 3.35 bn exported in 2023; North "
    "America 46 %, East Asia 28 %; UK 4th, Germany 6th market)",
    "S_BFC": "INSEE Franche-Comté 2003 (cars 48 % of exports, Peugeot); Le Moci 2019 (BFC cars "
    "4.5 bn; DE, IT, ES, GB)",
    "S_IDF": "CCI Paris Île-de-France via evasion.fr (2022: aerospace, cars, pharmaceuticals, "
    "leather goods, perfumes and cosmetics lead the exports)",
    "S_REUNION": "IEDOM La Réunion 2022 p. 51 (Singapore and Malaysia: refined fuels; Germany: "
    "cars; China 6 %; South Africa 2 %); linfo.re 2018 (medicines first import); INSEE via "
    "linfo.re (sugar, rum, fish exports)",
    "S_GUADELOUPE": "nouvellesetincelles.fr citing customs, 2014 foreign-only (refined products "
    "to Saint-Barthélemy, gold scrap to Belgium, boats)",
    "S_GUYANE": "IEDOM Guyane 2022 (energy imports +68 %, gold exports; Suriname, Brazil 8-13 M€)",
    "S_MARTINIQUE": "SARA refinery, Le Lamentin (972): connaissancedesenergies.org",
    "S_CORSE": "ADEC (balance -547 M€ in 2022, -474 in 2023); aue.corsica, cre.fr (SACOI, SARCO: "
    "about a third of Corsican electricity through Italy)",
    "S_DIRECCTE_HDF18": "http://hauts-de-france.direccte.gouv.fr/Le-commerce-exterieur-des-Hauts-"
    "de-France-en-2018",
}

FLOWS = ("export", "import")

# France's totals per year (bn€, regional-file scope). 2024: the reference fiche, to the euro
# (generator.CALIBRATION_2024). 2019 and 2022 are derived from Grand Est's published totals and
# shares of France (S_GE19: 66.2 = 13.3 %, 60.8 = 10.7 %; S_GE22: 73.2 = 12.7 %, 70.8 = 9.2 %);
# 2023 exports from Pays de la Loire's (25.477 = 4.4 %, S_PDL). 2016 is published in that scope
# (DGDDI Bourgogne-Franche-Comté via info-chalon.com). The other years are invented, shaped like
# the national series (the 2020 fall, the 2022 energy peak).
FRANCE_TOTALS = {  # year: (exports, imports)
    2015: (452.0, 510.0), 2016: (441.741, 506.57), 2017: (470.0, 540.0), 2018: (488.0, 560.0),
    2019: (497.7, 568.2), 2020: (425.0, 495.0), 2021: (500.0, 600.0), 2022: (576.4, 769.6),
    2023: (579.0, 730.0), 2024: (580.3545, 684.7763), 2025: (585.0, 690.0),
}  # fmt: skip

# National product mix of 2024 (bn€: exports, imports, source). Sourced figures are kept as they
# are; the invented ones (None) are scaled together so that the products add up to France.
# Energy is set by ENERGY_BALANCE below, not here.
PRODUCTS_2024 = {
    "A01Z": (16.8, 13.9, "S_PAYSANTARNAIS"), "A02Z": (0.9, 0.5, "S_PAYSANTARNAIS"),
    "A03Z": (0.9, 3.7, "S_PAYSANTARNAIS"),
    "B07Z": (0.3, 2.5, None), "B08Z": (1.0, 1.5, None),
    "C10A": (4.5, 7.5, "S_PAYSANTARNAIS"), "C10B": (1.4, 6.5, "S_PAYSANTARNAIS"),
    "C10C": (2.7, 6.3, "S_PAYSANTARNAIS"), "C10D": (2.5, 4.2, "S_PAYSANTARNAIS"),
    "C10E": (8.0, 4.6, "S_PAYSANTARNAIS"), "C10F": (4.2, 1.9, "S_PAYSANTARNAIS"),
    "C10G": (3.0, 3.8, "S_PAYSANTARNAIS"), "C10H": (13.2, 14.0, "S_PAYSANTARNAIS"),
    "C10K": (4.0, 2.7, "S_PAYSANTARNAIS"), "C11Z": (20.0, 5.0, "S_STATISTA_BOISSONS"),
    "C12Z": (0.4, 3.0, "S_PAYSANTARNAIS"),
    "C13Z": (3.5, 5.5, None), "C14Z": (9.0, 19.5, None), "C15Z": (17.0, 11.0, None),
    "C16Z": (2.3, 4.0, None), "C17A": (4.0, 5.0, None), "C17B": (2.5, 3.5, None),
    "C18Z": (0.05, 0.2, None),
    "C20A": (34.0, 36.0, None), "C20B": (24.5, 7.2, "S_REUSSIR24"), "C20C": (9.5, 9.0, None),
    "C21Z": (38.0, 36.0, "S_KIOSQUE_PHARMA"),
    "C22A": (4.5, 5.0, None), "C22B": (7.5, 10.0, None), "C23A": (3.0, 2.8, None),
    "C23B": (4.0, 5.0, None), "C24A": (10.0, 12.0, None), "C24B": (10.5, 14.0, None),
    "C24C": (0.5, 0.8, None), "C25A": (1.2, 2.0, None), "C25B": (2.0, 1.5, None),
    "C25C": (1.5, 0.7, None), "C25E": (6.5, 9.0, None),
    "C26A": (9.0, 11.0, None), "C26B": (3.5, 13.0, None), "C26C": (4.0, 14.0, None),
    "C26D": (1.0, 4.5, None), "C26E": (9.0, 9.5, None), "C26F": (2.0, 3.0, None),
    "C26G": (1.5, 2.5, None), "C27A": (2.5, 6.5, None), "C27B": (17.0, 22.0, None),
    "C28A": (22.0, 27.0, None), "C28B": (4.0, 4.5, None), "C28C": (2.0, 3.0, None),
    "C28D": (12.0, 12.5, None),
    "C29A": (26.0, 42.0, "S_LESECHOS_AUTO"), "C29B": (19.0, 20.0, None),
    "C30A": (3.0, 2.0, None), "C30B": (2.5, 1.5, None),
    "C30C": (64.0, 35.3, "S_REUSSIR24"), "C30D": (0.3, 0.1, None), "C30E": (1.5, 4.0, None),
    "C31Z": (2.0, 6.5, None), "C32A": (8.0, 6.0, None), "C32B": (6.0, 7.5, None),
    "C32C": (5.0, 12.0, None),
    "D35B": (0.01, 0.02, None), "E37Z": (0.05, 0.05, None), "E38Z": (4.5, 2.0, None),
    "J58Z": (1.2, 1.0, None), "J59Z": (0.1, 0.1, None), "M71Z": (0.01, 0.01, None),
    "M74Z": (0.01, 0.01, None), "R90Z": (1.5, 1.2, None), "R91Z": (0.6, 0.4, None),
    "S96Z": (0.002, 0.002, None),
}  # fmt: skip

# Energy: net balance per product and year (bn€, negative = net imports), from SDES (S_SDES21,
# S_SDES23, S_SDES25): gas, crude, refined 2022-2023, gas 2020-2024, electricity 2020, 2022-2024,
# totals 2019-2024 (the bill: -39.4, -25.5, -44.0, -116.3, -72.9, -57.8). The cells SDES does not
# split (crude and refined in 2019-2021 and 2024, coal) are shaped to add up to its totals.
# Groups: B06Z:0610 crude, B06Z:0620 natural gas, C19Z refined products, D35A electricity,
# B05Z coal.
ENERGY_BALANCE = {  # year: {group: net}
    2015: {"B06Z:0610": -19.0, "C19Z": -13.0, "B06Z:0620": -9.0, "D35A": 2.5, "B05Z": -1.2},
    2016: {"B06Z:0610": -14.0, "C19Z": -11.0, "B06Z:0620": -7.0, "D35A": 2.0, "B05Z": -1.0},
    2017: {"B06Z:0610": -17.0, "C19Z": -12.5, "B06Z:0620": -8.0, "D35A": 1.8, "B05Z": -1.3},
    2018: {"B06Z:0610": -22.0, "C19Z": -14.0, "B06Z:0620": -9.5, "D35A": 2.2, "B05Z": -1.4},
    2019: {"B06Z:0610": -20.0, "C19Z": -12.0, "B06Z:0620": -8.2, "D35A": 2.0, "B05Z": -1.2},
    2020: {"B06Z:0610": -9.8, "C19Z": -11.0, "B06Z:0620": -5.1, "D35A": 1.2, "B05Z": -0.8},
    2021: {"B06Z:0610": -17.0, "C19Z": -13.0, "B06Z:0620": -13.9, "D35A": 1.5, "B05Z": -1.3},
    2022: {"B06Z:0610": -31.4, "C19Z": -27.2, "B06Z:0620": -46.7, "D35A": -10.2, "B05Z": -1.6},
    2023: {"B06Z:0610": -27.3, "C19Z": -19.8, "B06Z:0620": -26.1, "D35A": 4.0, "B05Z": -2.0},
    2024: {"B06Z:0610": -25.2, "C19Z": -18.1, "B06Z:0620": -17.4, "D35A": 5.2, "B05Z": -1.7},
    2025: {"B06Z:0610": -23.0, "C19Z": -16.0, "B06Z:0620": -15.0, "D35A": 5.5, "B05Z": -1.5},
}  # fmt: skip
# Exports as a share of imports (invented, shaped on CPDP: refined exports about half the refined
# imports in tonnes, S_CPDP), except electricity whose two flows are set per year (RTE: exports
# valued 5 bn€ in 2024; 2022 the only net-import year).
ENERGY_EXPORT_RATIO = {"B06Z:0610": 0.01, "C19Z": 0.40, "B06Z:0620": 0.12, "B05Z": 0.05}
ELECTRICITY = {  # year: (exports, imports)
    2015: (3.2, 0.7), 2016: (2.8, 0.8), 2017: (2.7, 0.9), 2018: (3.1, 0.9), 2019: (3.0, 1.0),
    2020: (2.3, 1.1), 2021: (4.5, 3.0), 2022: (3.0, 13.2), 2023: (6.5, 2.5), 2024: (5.6, 0.4),
    2025: (5.8, 0.3),
}  # fmt: skip

# Products whose yearly values are published (bn€): pharmaceuticals (S_KIOSQUE_PHARMA; 2024 from
# the twelve months to May 2024), and balances that set the other years of aerospace, perfumes
# and cars through the indices below.
PUBLISHED_SERIES = {
    "C21Z": {2019: (33.654, 27.465), 2020: (35.247, 30.261), 2021: (35.28, 32.699),
             2022: (38.222, 35.217), 2023: (37.182, 36.77), 2024: (38.0, 36.0)},
}  # fmt: skip
# Index of a product's value relative to 2024, per year (exports, imports). Shaped on what is
# published: aerospace back at its pre-Covid level in 2024 (GIFAS), its 2023 surplus 30.8 bn
# (S_AERO23) and Occitanie's exports falling from 54.5 to 34.8 bn in 2020 (S_OCC); perfumes'
# surplus 16.4 bn in 2023 (S_AERO23); the car deficit -12.0 bn in 2019 and -15.6 in 2022
# (S_LESECHOS_AUTO), car exports falling; beverages near 15.5 bn (FEVS) from 2021 on.
PRODUCT_INDEX = {
    "C30C": {2015: (0.85, 0.85), 2016: (0.88, 0.87), 2017: (0.92, 0.9), 2018: (0.96, 0.93),
             2019: (1.0, 0.95), 2020: (0.52, 0.55), 2021: (0.58, 0.6), 2022: (0.78, 0.72),
             2023: (0.92, 0.80), 2025: (1.05, 1.02)},
    "C20B": {2015: (0.7, 0.8), 2016: (0.72, 0.8), 2017: (0.76, 0.82), 2018: (0.8, 0.84),
             2019: (0.85, 0.85), 2020: (0.72, 0.8), 2021: (0.85, 0.9), 2022: (0.95, 1.0),
             2023: (0.97, 1.02), 2025: (1.02, 1.0)},
    "C29A": {2015: (1.2, 0.95), 2016: (1.2, 0.98), 2017: (1.26, 1.02), 2018: (1.27, 1.05),
             2019: (1.25, 1.06), 2020: (0.95, 0.85), 2021: (1.0, 0.92), 2022: (1.05, 1.02),
             2023: (1.1, 1.08), 2025: (0.95, 1.0)},
    "C11Z": {2015: (0.8, 0.85), 2016: (0.8, 0.86), 2017: (0.85, 0.88), 2018: (0.88, 0.9),
             2019: (0.9, 0.92), 2020: (0.78, 0.85), 2021: (1.0, 0.95), 2022: (1.08, 1.02),
             2023: (1.04, 1.02), 2025: (0.95, 1.0)},
}  # fmt: skip
# Agriculture and food, metals, and everything else (invented, shaped like the national series).
AGRIFOOD_INDEX = {
    2015: (0.8, 0.8), 2016: (0.78, 0.8), 2017: (0.8, 0.82), 2018: (0.81, 0.83), 2019: (0.82, 0.84),
    2020: (0.8, 0.82), 2021: (0.88, 0.88), 2022: (1.05, 1.03), 2023: (1.03, 1.03), 2025: (1.0, 1.0),
}  # fmt: skip
METALS_INDEX = {
    2015: (0.8, 0.8), 2016: (0.76, 0.76), 2017: (0.85, 0.85), 2018: (0.9, 0.9), 2019: (0.86, 0.86),
    2020: (0.74, 0.74), 2021: (1.0, 1.0), 2022: (1.22, 1.22), 2023: (1.05, 1.05), 2025: (1.0, 1.0),
}  # fmt: skip
DEFAULT_INDEX = {
    2015: (0.8, 0.8), 2016: (0.78, 0.8), 2017: (0.82, 0.84), 2018: (0.86, 0.87), 2019: (0.88, 0.87),
    2020: (0.78, 0.8), 2021: (0.9, 0.93), 2022: (1.02, 1.05), 2023: (1.02, 1.03), 2025: (1.0, 1.0),
}  # fmt: skip
AGRIFOOD = {"A01Z", "A02Z", "A03Z", "C10A", "C10B", "C10C", "C10D", "C10E", "C10F", "C10G",
            "C10H", "C10K", "C12Z"}  # fmt: skip
METALS = {"B07Z", "C24A", "C24B", "C24C"}
# Energy prices relative to 2024 (for the mass of energy lines: value per kg moves with prices).
ENERGY_PRICE = {2015: 0.75, 2016: 0.6, 2017: 0.7, 2018: 0.85, 2019: 0.8, 2020: 0.55, 2021: 0.95,
                2022: 1.9, 2023: 1.25, 2024: 1.0, 2025: 0.9}  # fmt: skip

# France's partners in 2024 (bn€: exports, imports). Sourced: the ten first per flow (S_DIPLO24),
# Japan, Korea, Ireland (2024), Turkey and Singapore (2023, S_TRESOR_*). The others are invented
# orders of magnitude; a country not listed gets MINOR_PARTNER, a microstate MICROSTATE_PARTNER.
PARTNERS_2024 = {
    "DE": (77.964, 86.342), "US": (48.622, 52.595), "IT": (48.095, 50.602),
    "BE": (45.317, 52.453), "ES": (43.919, 47.139), "GB": (37.773, 26.831),
    "CN": (24.277, 70.584), "NL": (23.116, 29.556), "CH": (19.846, 17.465),
    "PL": (15.124, 16.155), "JP": (9.3, 9.587), "KR": (6.9, 6.8), "IE": (5.6, 8.6),
    "TR": (11.9, 11.5), "SG": (9.99, 2.4),
    "PT": (8.5, 7.0), "SE": (6.0, 5.0), "AT": (6.0, 5.0), "CZ": (6.0, 8.0), "AE": (6.0, 1.5),
    "IN": (6.0, 7.0), "MA": (7.0, 7.0), "DZ": (5.0, 5.5), "CA": (4.5, 3.0), "BR": (4.0, 3.0),
    "SA": (3.5, 3.0), "HK": (6.0, 0.8), "DK": (3.5, 3.5), "NO": (2.0, 5.0), "RO": (3.5, 4.0),
    "HU": (3.5, 4.0), "GR": (2.5, 1.2), "FI": (2.0, 2.0), "TN": (3.5, 5.0), "MX": (3.0, 2.0),
    "AU": (3.0, 1.0), "QA": (2.5, 2.0), "LU": (4.0, 3.0), "SK": (2.0, 5.0), "IL": (1.5, 1.0),
    "VN": (1.0, 7.0), "TW": (2.0, 3.5), "TH": (1.5, 3.0), "MY": (1.5, 2.0), "ID": (1.0, 2.0),
    "BD": (0.3, 3.5), "NG": (1.0, 3.5), "KZ": (0.5, 3.5), "LY": (0.4, 2.5), "IQ": (0.3, 1.5),
    "AZ": (0.2, 2.0), "RU": (1.5, 2.0), "UA": (1.5, 1.0), "SI": (1.2, 2.0), "HR": (1.0, 0.5),
    "BG": (1.0, 1.0), "LT": (0.6, 0.6), "EE": (0.3, 0.3), "LV": (0.3, 0.3), "CY": (0.4, 0.1),
    "MT": (0.5, 0.2), "EG": (1.5, 1.0), "SN": (1.0, 0.3), "CI": (1.2, 1.5), "ZA": (1.5, 1.0),
    "PH": (0.6, 0.8), "CL": (0.8, 0.8), "AR": (0.8, 0.8), "CO": (0.6, 0.5), "PE": (0.4, 0.5),
    "NZ": (0.5, 0.4), "KW": (0.6, 0.8), "OM": (0.4, 0.4), "BH": (0.2, 0.1), "JO": (0.3, 0.1),
    "LB": (0.6, 0.1), "PK": (0.4, 1.0), "LK": (0.1, 0.4), "KH": (0.1, 0.8), "MM": (0.05, 0.4),
    "RS": (0.8, 0.6), "BA": (0.2, 0.3), "AL": (0.1, 0.1), "MK": (0.1, 0.2), "GE": (0.2, 0.1),
    "AM": (0.1, 0.05), "BY": (0.1, 0.1), "IS": (0.2, 0.2), "CM": (0.6, 0.4), "GA": (0.4, 0.3),
    "CG": (0.4, 0.6), "AO": (0.4, 1.2), "GH": (0.4, 0.4), "KE": (0.3, 0.2), "ET": (0.2, 0.1),
    "MG": (0.3, 0.6), "MU": (0.4, 0.3), "MR": (0.2, 0.2), "ML": (0.3, 0.1), "BF": (0.3, 0.1),
    "TG": (0.2, 0.1), "BJ": (0.3, 0.1), "DJ": (0.1, 0.01), "UY": (0.2, 0.2), "VE": (0.1, 0.1),
    "EC": (0.2, 0.5), "CR": (0.2, 0.3), "PA": (0.3, 0.1), "DO": (0.3, 0.1), "TT": (0.1, 0.4),
    "SR": (0.02, 0.01), "GY": (0.02, 0.02), "NC": (0.6, 0.1), "PF": (0.5, 0.05),
    "SC": (0.05, 0.02), "KM": (0.05, 0.01), "MZ": (0.1, 0.2), "NA": (0.05, 0.2), "BW": (0.05, 0.1),
    "TZ": (0.1, 0.05), "UG": (0.05, 0.05), "IR": (0.2, 0.1), "UZ": (0.2, 0.3), "TM": (0.05, 0.2),
    "CU": (0.1, 0.05), "JM": (0.05, 0.02), "BB": (0.05, 0.01), "LC": (0.03, 0.01),
    "DM": (0.02, 0.01), "BL": (0.05, 0.01), "SX": (0.05, 0.01), "CW": (0.05, 0.05),
    "AW": (0.03, 0.01), "HT": (0.05, 0.01), "BS": (0.05, 0.02), "GT": (0.1, 0.1),
}  # fmt: skip
MINOR_PARTNER = 0.01
MICROSTATE_PARTNER = 0.002
MICROSTATES = {
    "AD", "LI", "MC", "SM", "VA", "GI", "NR", "TV", "PW", "MH", "FM", "KI", "NU", "TK", "PN",
    "CK", "NF", "CC", "CX", "HM", "BV", "GS", "AQ", "IO", "TF", "UM", "SH", "FK", "MS", "AI",
    "VG", "TC", "KY", "BM", "VI", "GU", "AS", "MP", "BQ",
}  # fmt: skip
# Codes that are not a foreign partner here: France itself, its overseas départements (trade with
# them is not foreign trade), the EU as a whole, supplies to ships and aircraft, confidential or
# unknown countries.
NOT_PARTNERS = {"FR", "GP", "MQ", "GF", "RE", "YT", "EU", "QP", "QQ", "QR", "QS", "QT", "QU",
                "QV", "QW", "QY", "QZ"}  # fmt: skip

# Who supplies energy as customs record it (shares of the group's imports; exports go to the
# listed clients). Crude: CPDP 2024 in tonnes (US 22.3 %, NG 12.4 %, KZ 12.3 %, DZ 9.8 %; no
# Russian crude since 2023); gas: Belgium the first hydrocarbon supplier in customs statistics
# (2023), then the US and Algeria (11.1 %), Norway small (33rd supplier: pipeline gas is recorded
# by consignment); electricity: RTE 2024 (IT 32 %, DE 18 %, BE 15 % of exports' value).
ENERGY_PARTNERS = {
    "B06Z:0610": {"import": {"US": 22.3, "NG": 12.4, "KZ": 12.3, "DZ": 9.8, "LY": 8, "SA": 7,
                             "IQ": 6, "AZ": 6, "NO": 4, "AO": 3, "GB": 3, "RU": 4, "EG": 1},
                  "export": {"BE": 30, "NL": 30, "ES": 20, "IT": 20}},
    "B06Z:0620": {"import": {"BE": 28, "US": 18, "DZ": 12, "NO": 8, "QA": 7, "RU": 8, "NL": 6,
                             "NG": 5, "DE": 4, "ES": 3, "GB": 1},
                  "export": {"CH": 35, "IT": 25, "ES": 20, "BE": 10, "DE": 10}},
    "C19Z": {"import": {"BE": 16, "NL": 14, "ES": 8, "US": 10, "SA": 8, "IN": 7, "DE": 6,
                        "IT": 6, "KW": 4, "AE": 4, "GB": 5, "RU": 4, "SG": 3, "MY": 2, "NO": 3},
             "export": {"BE": 14, "ES": 12, "NL": 10, "GB": 12, "CH": 10, "US": 10, "DE": 8,
                        "IT": 6, "SN": 3, "CI": 3, "MA": 3, "BL": 0.5, "NG": 2}},
    "D35A": {"export": {"IT": 32, "DE": 18, "BE": 15, "GB": 17, "CH": 14, "ES": 4},
             "import": {"DE": 30, "BE": 20, "ES": 20, "CH": 15, "IT": 10, "GB": 5}},
    "B05Z": {"import": {"AU": 25, "US": 20, "ZA": 20, "CO": 15, "RU": 10, "DE": 5, "PL": 5},
             "export": {"BE": 40, "DE": 30, "ES": 30}},
}  # fmt: skip
# Russian energy after the sanctions: no crude from 2023, and less of everything else.
RUSSIA_ENERGY = {2022: 0.7, 2023: 0.25, 2024: 0.3, 2025: 0.3}
RUSSIA_NO_CRUDE_FROM = 2023

# Partners of a product that differ from France's overall mix (multipliers of PARTNERS_2024;
# invented from the products' known markets: Airbus' assembly lines in Hamburg and Toulouse,
# cognac and champagne's markets (S_BNIC, S_CHAMPAGNE), perfumes to the US and Asia, cars within
# Europe, electronics and clothing from Asia).
PRODUCT_PARTNERS = {
    "C30C": {"export": {"DE": 2.5, "US": 1.5, "CN": 3.0, "SG": 3.0, "AE": 4.0, "IN": 4.0,
                        "QA": 4.0, "IE": 3.0, "GB": 1.5, "SA": 2.0, "TR": 2.0},
             "import": {"DE": 2.0, "US": 2.5, "GB": 2.5, "ES": 1.5, "CA": 3.0, "CN": 0.1}},
    "C11Z": {"export": {"US": 2.5, "GB": 2.0, "CN": 2.0, "SG": 3.0, "JP": 2.5, "HK": 3.0,
                        "DE": 0.8, "BE": 1.2, "CH": 1.2, "PL": 0.3, "TR": 0.1, "DZ": 0.05,
                        "MA": 0.1, "SA": 0.01}},
    "C20B": {"export": {"US": 2.0, "HK": 3.0, "AE": 3.0, "SG": 2.0, "CN": 2.0, "GB": 1.3,
                        "SA": 1.5}},
    "C21Z": {"export": {"US": 2.0, "BE": 1.5, "CN": 1.5, "JP": 1.5},
             "import": {"IE": 5.0, "US": 2.0, "CH": 2.0, "CN": 0.1, "BE": 1.5}},
    "C15Z": {"export": {"US": 2.0, "CN": 2.5, "HK": 3.0, "JP": 2.5, "KR": 2.5, "SG": 2.0,
                        "AE": 2.0, "CH": 2.0},
             "import": {"IT": 3.0, "CN": 1.5, "VN": 2.0, "ES": 1.2, "PT": 2.0}},
    "C29A": {"export": {"ES": 1.5, "DE": 1.3, "IT": 1.5, "BE": 1.5, "TR": 1.5, "US": 0.2,
                        "CN": 0.2},
             "import": {"ES": 2.0, "DE": 1.5, "SK": 4.0, "CZ": 3.0, "MA": 3.0, "TR": 2.0,
                        "SI": 3.0, "RO": 3.0, "CN": 0.4, "US": 0.1, "JP": 1.2}},
    "C29B": {"import": {"DE": 1.3, "ES": 1.3, "CZ": 2.0, "RO": 2.5, "MA": 2.0, "TN": 2.0,
                        "PL": 1.5, "CN": 0.6, "US": 0.3}},
    "C26B": {"import": {"CN": 3.0, "VN": 2.0, "TW": 3.0, "MY": 2.0, "TH": 2.0, "DE": 0.5}},
    "C26C": {"import": {"CN": 3.5, "VN": 3.0, "KR": 2.0, "IN": 2.0, "DE": 0.4, "US": 0.5}},
    "C26A": {"import": {"CN": 1.5, "TW": 3.0, "KR": 2.0, "MY": 3.0, "SG": 3.0, "US": 1.2}},
    "C14Z": {"import": {"CN": 2.0, "BD": 5.0, "IT": 1.5, "TR": 2.0, "MA": 2.0, "TN": 2.0,
                        "IN": 2.0, "VN": 1.5, "US": 0.1, "DE": 0.5}},
    "C13Z": {"import": {"CN": 2.0, "IT": 2.0, "TR": 2.0, "IN": 2.0, "PK": 2.0}},
    "A01Z": {"export": {"BE": 1.5, "IT": 1.5, "ES": 1.3, "NL": 1.5, "DZ": 3.0, "MA": 3.0,
                        "CN": 1.5, "US": 0.3, "EG": 3.0},
             "import": {"ES": 3.0, "MA": 4.0, "NL": 2.0, "CI": 5.0, "BR": 3.0, "US": 0.2,
                        "CN": 0.2}},
    "C10A": {"import": {"ES": 3.0, "NL": 2.0, "BE": 2.0, "IE": 3.0, "PL": 2.0, "CN": 0.05,
                        "US": 0.05}},
    "C10E": {"export": {"BE": 2.0, "DE": 1.5, "ES": 1.5, "IT": 1.5, "CN": 2.0, "US": 0.5}},
    "C24A": {"import": {"DE": 1.5, "BE": 1.5, "IT": 1.5, "ES": 1.3, "CN": 0.5, "KR": 1.5,
                        "TR": 2.0, "IN": 2.0, "US": 0.2}},
    "B07Z": {"import": {"AU": 50, "BR": 40, "CA": 20, "MR": 60, "ZA": 20, "SE": 10, "GA": 30,
                        "CN": 0.05, "DE": 0.1, "US": 0.2}},
    "C30A": {"export": {"IT": 1.5, "US": 2.0, "NO": 3.0, "GB": 1.5, "AE": 2.0, "MT": 5.0}},
}  # fmt: skip

# Land neighbours of border départements (their trade with them is multiplied by NEIGHBOUR_BOOST)
# and the Channel and North Sea's for the coast facing the United Kingdom.
NEIGHBOURS = {
    "59": ("BE", "GB"), "62": ("BE", "GB"), "02": ("BE",), "08": ("BE",), "55": ("BE", "LU"),
    "54": ("LU", "BE"), "57": ("DE", "LU"), "67": ("DE",), "68": ("DE", "CH"), "90": ("CH",),
    "25": ("CH",), "39": ("CH",), "01": ("CH",), "74": ("CH", "IT"), "73": ("IT",),
    "05": ("IT",), "04": ("IT",), "06": ("IT",), "64": ("ES",), "65": ("ES",), "31": ("ES",),
    "09": ("ES",), "66": ("ES",), "76": ("GB",), "50": ("GB",), "14": ("GB",), "35": ("GB",),
    "22": ("GB",), "29": ("GB", "IE"), "20": ("IT",),
}  # fmt: skip
NEIGHBOUR_BOOST = 2.0

# Where energy lands and leaves. Crude at the refineries in operation (facts.md, S_REFINERIES);
# LNG at its terminals (S_LNG; Le Havre from 2023). Natural gas by pipeline and electricity, both
# ways, are attributed by convention to Paris (75), with the country of consignment as partner
# (S_EMEBI, the customs' own description of the file). Refined products mostly through the
# refineries' ports, the rest spread over every département. Weights: shares of the group.
CRUDE_DEPARTMENTS = {"76": 34, "13": 28, "44": 18, "69": 9, "9B": 1}
PIPELINE_DEPARTMENT = "75"
# Natural gas: Paris for the pipelines (about two fifths of the value, invented), the LNG
# terminals for the rest; exports (re-exports by pipeline) all in Paris.
GAS_DEPARTMENTS = {"import": {"75": 40, "13": 20, "44": 14, "59": 18, "76": 8},
                   "export": {"75": 1}}  # fmt: skip
GAS_FROM_2023 = {"76"}
GAS_PIPELINE_PARTNERS = {"BE", "NO", "DE", "ES", "NL", "CH", "IT", "GB"}
GAS_LNG_PARTNERS = {"US", "QA", "RU", "DZ", "NG", "NO", "EG", "AO", "TT", "PE", "GB"}
ELECTRICITY_DEPARTMENTS = {"75": 1}
# Overseas fuel: refined products as a share of the département's foreign imports (Réunion's
# fuels from Singapore and Malaysia, S_REUNION; Guyane's energy imports, S_GUYANE; Martinique
# refines its own crude), and Guadeloupe's refined exports to Saint-Barthélemy (S_GUADELOUPE).
REFINED_OVERSEAS = {
    "import": {"9D": 0.22, "9C": 0.25, "9E": 0.3, "9A": 0.05, "9B": 0.02},
    "export": {"9A": 0.3},
}
REFINED_PORTS = {"76": 22, "13": 18, "44": 12, "59": 6, "33": 4, "67": 3, "69": 3}
REFINED_SPREAD = 0.3  # share of refined imports spread over every département by its size
COAL_DEPARTMENTS = {"76": 25, "13": 15, "59": 35, "44": 10, "57": 5, "9D": 5}

# Regions' totals in 2024 (bn€: exports, imports, source) by the file's regions (INSEE codes of
# ref_regions), and the years with a published total (fitted exactly, rounded to 0.1 M€).
# 2024 exports of Auvergne-Rhône-Alpes, Hauts-de-France and Bourgogne-Franche-Comté and both
# flows of Grand Est are published (S_GE24; BFC: lagazettefrance.fr); Occitanie's imports are
# shaped on its +11 bn surplus (S_GE25); the other 2024 values are orders of magnitude carried
# from their last published year; overseas: foreign trade only (facts.md).
REGIONS_2024 = {
    "11": (141.6663, 192.2029, "S_FICHE"), "44": (67.6, 63.4, "S_GE24"),
    "84": (71.3, 76.0, "S_GE24"), "32": (68.0, 86.0, "S_GE24"), "76": (55.0, 44.0, "S_GE25"),
    "75": (28.5, 31.0, None), "28": (37.0, 45.0, None), "52": (25.0, 33.0, None),
    "27": (21.7, 20.7, "S_GE25"), "24": (22.0, 22.5, None), "93": (27.0, 42.0, None),
    "53": (13.0, 15.5, None), "94": (0.12, 0.55, "S_CORSE"),
    "01": (0.05, 0.9, "S_GUADELOUPE"), "02": (0.1, 1.3, None), "03": (0.15, 0.9, "S_GUYANE"),
    "04": (0.2, 3.0, "S_REUNION"), "06": (0.005, 0.45, None),
}  # fmt: skip
# Published regional totals of other years (bn€), fitted exactly in those years.
REGIONS_PUBLISHED = {
    ("11", 2024): (141.6663, 192.2029), ("44", 2024): (67.6, 63.4), ("84", 2024): (71.3, None),
    ("32", 2024): (68.0, None), ("27", 2024): (21.7, None),
    ("44", 2019): (66.2, 60.8), ("44", 2022): (73.2, 70.8), ("44", 2023): (71.8, 71.3),
    ("76", 2019): (54.5, 42.37), ("76", 2020): (34.8, 31.98), ("76", 2021): (37.25, 32.57),
    ("76", 2022): (46.05, 38.98), ("11", 2021): (101.5, 160.1), ("11", 2022): (136.2, 214.7),
    ("28", 2023): (38.7, 49.2), ("52", 2023): (25.477, 35.75), ("53", 2022): (12.9, 16.1),
    ("52", 2022): (25.3, None),
    # Corsica: shaped on its published balances (S_CORSE: -547 M€ in 2022, -474 in 2023 with
    # exports up 34.9 %)
    ("94", 2022): (0.100, 0.647), ("94", 2023): (0.135, 0.609),
}  # fmt: skip

# Each département's weight in its region's exports and imports in 2024. Sourced shares are
# marked in DEPARTMENT_PROFILES; the others are invented orders of magnitude.
DEPARTMENT_WEIGHTS = {
    # Hauts-de-France (S_HDF17: Nord 47.4 / 51.2 %, Pas-de-Calais about 20 %)
    "59": (47.4, 51.2), "62": (21.2, 19.2), "60": (14, 13), "02": (8, 7), "80": (9.4, 9.6),
    # Grand Est (S_GE25: Bas-Rhin 34 / 39 %, Marne 12 / 8 %)
    "67": (34, 39), "51": (12, 8), "57": (15, 16), "68": (15, 17), "54": (6, 6), "10": (4, 3),
    "88": (4, 4), "08": (4, 3), "52": (3, 2), "55": (3, 2),
    # Île-de-France (92 is fixed by the reference fiche)
    "75": (24, 30), "78": (19, 17), "91": (12, 12), "77": (11, 14), "93": (10, 14),
    "94": (12, 14), "95": (12, 12), "92": (28.9, 26.7),  # 92: its 2024 shares (S_FICHE)
    # Auvergne-Rhône-Alpes (S_ISERE: Isère 18.9 %; S_RHONEALPES: Ain, Isère, Rhône 66 %)
    "69": (32, 34), "38": (18.9, 16), "01": (9, 9), "74": (8, 7), "63": (8, 7), "42": (5, 6),
    "26": (5, 5), "73": (5, 5), "03": (3, 3), "07": (3, 3), "43": (2, 3), "15": (1, 1),
    # Occitanie (S_OCC, exports)
    "31": (61, 50), "65": (6.5, 4), "34": (6.4, 9), "30": (6, 8), "66": (5.6, 8), "81": (4, 5),
    "82": (3, 5), "11": (2.5, 4), "12": (2, 3), "09": (1, 1.5), "32": (1.2, 1.5), "46": (0.6, 1),
    "48": (0.2, 0.3),
    # Nouvelle-Aquitaine
    "33": (28, 30), "16": (14, 5), "64": (14, 12), "17": (7, 8), "86": (6, 6), "87": (5, 6),
    "79": (5, 6), "40": (7, 8), "47": (5, 6), "24": (4, 5), "19": (3, 4), "23": (1, 1),
    # Normandie (S_NORMANDIE: Seine-Maritime three quarters of Haute-Normandie's exports)
    "76": (52, 60), "27": (18, 15), "14": (12, 11), "50": (11, 8), "61": (7, 6),
    # Pays de la Loire
    "44": (45, 55), "49": (18, 13), "85": (14, 11), "72": (14, 13), "53": (9, 8),
    # Bourgogne-Franche-Comté
    "25": (28, 26), "71": (14, 15), "21": (12, 13), "90": (10, 9), "70": (10, 9), "39": (10, 10),
    "89": (9, 10), "58": (7, 8),
    # Centre-Val de Loire
    "45": (28, 30), "28": (20, 18), "37": (17, 17), "41": (12, 12), "18": (13, 13), "36": (10, 10),
    # Provence-Alpes-Côte d'Azur (Monaco, 99, recorded in the region by DGDDI)
    "13": (55, 70), "06": (14, 9), "84": (12, 9), "83": (10, 8), "04": (5, 1.5), "05": (1, 0.5),
    "99": (3, 2),
    # Bretagne
    "35": (35, 35), "29": (25, 25), "56": (20, 20), "22": (20, 20),
    # one département regions
    "20": (1, 1), "9A": (1, 1), "9B": (1, 1), "9C": (1, 1), "9D": (1, 1), "9E": (1, 1),
}  # fmt: skip

# What a département (or a whole region, key "region:<code>") trades more of than France, and
# with whom, from the source named. Multipliers of the national mix; "partners" multiply its
# partners. A département without a profile of its own takes its region's, else the national mix.
PROFILES = {
    "region:11": {"export": {"C30C": 2.0, "C29A": 1.5, "C21Z": 1.8, "C15Z": 3.0, "C20B": 2.0,
                             "C32A": 2.0}, "source": "S_IDF"},
    "region:76": {"export": {"C30C": 8.0, "A01Z": 1.5, "C20C": 1.5, "C11Z": 1.0},
                  "import": {"C30C": 5.0}, "source": "S_OCC"},
    "31": {"export": {"C30C": 12.0}, "import": {"C30C": 8.0},
           "partners": {"DE": 1.4, "CN": 1.3, "IN": 3.0, "US": 1.2, "ES": 0.9},
           "source": "S_OCC"},
    "region:32": {"export": {"C29A": 2.0, "C29B": 2.0, "C20B": 1.5, "C20A": 1.3, "C24A": 2.5},
                  "partners": {"BE": 1.3, "DE": 1.1, "GB": 1.4}, "source": "S_HDF17"},
    "59": {"export": {"C24A": 4.0, "C29A": 2.0}, "import": {"B07Z": 25.0, "C24A": 2.0},
           "source": "S_HDF17"},
    "region:44": {"export": {"C11Z": 1.5, "C29A": 1.3, "C21Z": 1.3, "C28A": 1.3, "C14Z": 1.2},
                  "partners": {"DE": 1.2, "GB": 1.3}, "source": "S_GE19"},
    "51": {"export": {"C11Z": 25.0, "A01Z": 2.0}, "partners": {"US": 1.5, "GB": 2.0, "JP": 2.0},
           "source": "S_GE25"},
    "10": {"export": {"C14Z": 15.0}, "source": "S_GE24"},
    "67": {"export": {"C28A": 1.5, "C27B": 1.5, "C21Z": 1.3}, "partners": {"DE": 1.0},
           "source": "S_GE19"},
    "38": {"export": {"C28A": 2.5, "C27B": 2.5, "C26A": 3.0, "C28D": 2.0, "C20A": 1.5},
           "partners": {"DE": 1.2, "IT": 1.3, "CH": 1.5}, "source": "S_ISERE"},
    "69": {"export": {"C20A": 2.5, "C21Z": 2.0}, "import": {"C20A": 2.0, "C21Z": 1.5},
           "source": "S_RHONEALPES"},
    "63": {"export": {"C22A": 20.0, "C21Z": 2.0, "C20A": 1.5}, "import": {"C22A": 5.0},
           "source": "S_AUVERGNE"},
    "74": {"export": {"C25E": 4.0, "C28A": 2.0, "C28C": 2.0}, "partners": {"CH": 2.0},
           "source": "S_RHONEALPES"},
    "region:28": {"export": {"C19Z": 1.0, "C20A": 2.0, "A01Z": 2.0},
                  "partners": {"US": 1.5}, "source": "S_NORMANDIE"},
    "76": {"export": {"C20A": 2.5, "A01Z": 2.5}, "partners": {"US": 1.8},
           "source": "S_NORMANDIE"},
    "region:52": {"export": {"C30A": 6.0, "C30C": 1.5, "C29A": 1.2, "C28A": 1.3, "C10A": 2.0},
                  "source": "S_PDL"},
    "44": {"export": {"C30A": 10.0, "C30C": 3.0}, "import": {"C30C": 2.0}, "source": "S_PDL"},
    "region:27": {"export": {"C29A": 3.0, "C29B": 2.0}, "partners": {"DE": 1.2, "IT": 1.2},
                  "source": "S_BFC"},
    "25": {"export": {"C29A": 6.0, "C29B": 2.0}, "import": {"C29B": 3.0}, "source": "S_BFC"},
    "region:93": {"export": {"C20A": 2.0, "C20B": 1.5, "C30C": 1.2, "C20C": 2.0},
                  "source": "S_PACA12"},
    "13": {"export": {"C20A": 3.0, "C30C": 2.0, "C24A": 2.0}, "source": "S_PACA12"},
    "04": {"export": {"C20B": 25.0, "A01Z": 2.0, "C20C": 3.0}, "import": {"C20B": 5.0},
           "partners": {"US": 1.5, "JP": 3.0, "HK": 3.0, "IT": 2.0}, "source": "S_DIGNE"},
    "06": {"export": {"C20C": 6.0, "C20B": 2.0}, "source": "S_PACA_HE"},
    "83": {"export": {"C11Z": 3.0}, "source": "S_PACA_HE"},
    "84": {"export": {"C11Z": 2.0, "C20C": 3.0}, "source": "S_PACA_HE"},
    "region:75": {"export": {"A01Z": 2.0, "C17A": 3.0, "C11Z": 3.0}, "source": "S_NA22"},
    "16": {"export": {"C11Z": 40.0}, "partners": {"US": 3.0, "CN": 2.0, "SG": 3.0},
           "source": "S_BNIC"},
    "33": {"export": {"C11Z": 8.0}, "partners": {"CN": 2.0, "US": 1.2}, "source": "S_NA22"},
    "region:94": {"export": {"A01Z": 3.0, "C11Z": 3.0}, "partners": {"IT": 3.0},
                  "source": "S_CORSE"},
    "9D": {"export": {"C10H": 80.0, "A03Z": 60.0, "C11Z": 20.0, "E38Z": 25.0},
           "import": {"C29A": 4.0, "C21Z": 4.0, "C10A": 2.0, "C26C": 2.0},
           "source": "S_REUNION"},
    "9A": {"export": {"C30A": 60.0, "C24B": 40.0, "A01Z": 12.0, "C11Z": 4.0},
           "import": {"C29A": 3.0, "C10A": 3.0, "C10H": 2.0}, "source": "S_GUADELOUPE"},
    "9B": {"export": {"A01Z": 10.0, "C11Z": 15.0}, "import": {"C29A": 3.0, "C10A": 3.0},
           "source": "S_MARTINIQUE"},
    "9C": {"export": {"C24B": 60.0, "A03Z": 4.0, "C16Z": 3.0},
           "import": {"C30C": 3.0, "C29A": 3.0, "C10A": 2.0}, "source": "S_GUYANE"},
    "9E": {"export": {"A01Z": 5.0, "A03Z": 5.0}, "import": {"C10A": 6.0, "C29A": 3.0},
           "source": None},
}  # fmt: skip

# Overseas départements trade with their own neighbours and the rest of the world, never with
# mainland France (not foreign trade): their partners replace France's mix (weights).
OVERSEAS_PARTNERS = {
    "9D": {"SG": 30, "MY": 25, "CN": 20, "ZA": 8, "DE": 10, "IT": 7, "ES": 5, "BE": 5, "NL": 4,
           "MU": 6, "MG": 6, "IN": 5, "TH": 3, "JP": 3, "US": 3, "AE": 3, "KR": 2, "AU": 2,
           "SC": 2, "KM": 1},
    "9A": {"US": 25, "DE": 10, "ES": 8, "IT": 8, "BE": 10, "NL": 6, "CN": 10, "TT": 8,
           "BL": 6, "SX": 5, "DO": 3, "BR": 3, "JP": 3, "GB": 3, "CA": 3, "DM": 2, "LC": 1,
           "CW": 2, "VE": 1},
    "9B": {"US": 22, "TT": 12, "DE": 10, "ES": 8, "IT": 8, "BE": 8, "NL": 6, "CN": 10, "NO": 6,
           "DZ": 5, "GB": 4, "BR": 3, "DO": 2, "LC": 2, "BB": 1, "CW": 2, "JP": 2},
    "9C": {"BR": 10, "SR": 8, "US": 20, "TT": 15, "DE": 8, "IT": 6, "ES": 6, "BE": 6, "NL": 5,
           "CN": 10, "CH": 12, "GY": 2, "JP": 2, "GB": 2},
    "9E": {"MU": 12, "ZA": 12, "MG": 10, "KM": 6, "IN": 10, "CN": 15, "AE": 10, "BR": 8,
           "TH": 5, "DE": 5, "ES": 3, "IT": 3, "BE": 3, "US": 3, "TZ": 2, "KE": 2},
}  # fmt: skip
# Where overseas exports go when it differs from where imports come from: La Réunion's sugar and
# rum mostly to the EU, its fish (toothfish) to Asia, the rest to its neighbours (S_REUNION).
OVERSEAS_EXPORT_PARTNERS = {
    "9D": {"DE": 10, "IT": 10, "ES": 8, "BE": 8, "NL": 8, "GB": 6, "JP": 8, "CN": 8, "HK": 5,
           "KR": 4, "MG": 10, "MU": 8, "KM": 4, "SC": 3, "IN": 3, "SG": 4, "US": 4, "ZA": 4},
}  # fmt: skip
