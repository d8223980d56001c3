from redtrace.lists.ofac_remarks import parse_remarks


def test_remarks_of_a_real_sdn_entry() -> None:
    # ent_num 2676 in the 2021-07 sdn.csv
    text = (
        "DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt); alt. Passport 19820215;"
        " Operational and Military Leader of JIHAD GROUP."
    )
    remarks = parse_remarks(text)
    assert remarks.props["birthDate"] == ["1951-06-19"]
    assert remarks.props["birthPlace"] == ["Giza, Egypt"]
    assert remarks.props["passportNumber"] == ["1084010", "19820215"]
    assert remarks.props["country"] == ["Egypt"]


def test_weak_alias_linked_to_and_un_reference() -> None:
    text = (
        "a.k.a. 'BNC'; nationality Iraq; Gender Male; Linked To: LAZARUS GROUP;"
        " UN Ref QDi.299; IMO 9187629; Email Address x@example.com"
    )
    remarks = parse_remarks(text)
    assert remarks.props["weakAlias"] == ["BNC"]
    assert remarks.props["nationality"] == ["Iraq"]
    assert remarks.props["gender"] == ["male"]
    assert remarks.props["imoNumber"] == ["9187629"]
    assert remarks.props["email"] == ["x@example.com"]
    assert remarks.linked_to == ["LAZARUS GROUP"]
    assert remarks.un_refs == ["QDi.299"]


def test_empty_remarks() -> None:
    assert parse_remarks("-0- ").props == {}
    assert parse_remarks(None).props == {}
