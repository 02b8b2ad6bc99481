from orchestration.fiches.format import NBSP, meur, percent, signed_meur


def test_french_conventions():
    assert meur(31_723_300_000) == f"31{NBSP}723,3{NBSP}M€"
    assert meur(580_354_500_000) == f"580{NBSP}354,5{NBSP}M€"
    assert meur(49_000) == f"0,0{NBSP}M€"
    assert percent(0.22392975605348625) == f"22,4{NBSP}%"
    assert percent(0.054661935075888964, 2) == f"5,47{NBSP}%"
    assert percent(None) == "n.d."
    assert signed_meur(-5_010_000_000) == f"−5{NBSP}010,0{NBSP}M€"
    assert signed_meur(1_200_000) == f"+1,2{NBSP}M€"
