from orchestration.charts.format import NBSP, meur, meur_short, percent, signed_meur


def test_french_conventions():
    assert meur(31_723_300_000) == f"31{NBSP}723,3{NBSP}M€"
    assert meur(580_354_500_000) == f"580{NBSP}354,5{NBSP}M€"
    assert meur(49_000) == f"<{NBSP}0,1{NBSP}M€"  # trade that exists never reads « 0 »
    assert meur(-49_000) == f">{NBSP}−0,1{NBSP}M€"
    assert meur(0) == f"0,0{NBSP}M€"
    assert meur_short(12_345_678_901) == f"12{NBSP}346{NBSP}M€"
    assert meur_short(12_540_000) == f"12,5{NBSP}M€"
    assert meur_short(400) == f"<{NBSP}0,1{NBSP}M€"
    assert percent(0.22392975605348625) == f"22,4{NBSP}%"
    assert percent(0.054661935075888964, 2) == f"5,47{NBSP}%"
    assert percent(None) == "n.d."
    assert signed_meur(-5_010_000_000) == f"−5{NBSP}010,0{NBSP}M€"
    assert signed_meur(1_200_000) == f"+1,2{NBSP}M€"
    assert signed_meur(26_810) == f"<{NBSP}0,1{NBSP}M€"
