use super::*;

fn attr(name: &str, sub: Option<&str>) -> AttrPath {
    AttrPath {
        urn: None,
        name: name.into(),
        sub: sub.map(Into::into),
    }
}

fn s(value: &str) -> CompValue {
    CompValue::Str(value.into())
}

fn cmp(name: &str, op: CompareOp, value: CompValue) -> Filter {
    let (name, sub) = match name.split_once('.') {
        Some((n, s)) => (n, Some(s)),
        None => (name, None),
    };
    Filter::Compare(attr(name, sub), op, value)
}

fn and(a: Filter, b: Filter) -> Filter {
    Filter::And(Box::new(a), Box::new(b))
}

fn or(a: Filter, b: Filter) -> Filter {
    Filter::Or(Box::new(a), Box::new(b))
}

/// Every example filter of RFC 7644 §3.4.2.2, parsed as the RFC explains it.
#[test]
fn the_rfc_examples_parse_as_the_rfc_reads_them() {
    use CompareOp::*;
    let date = || s("2011-05-13T04:42:34Z");
    let emails_either = || {
        or(
            cmp("emails", Co, s("example.com")),
            cmp("emails.value", Co, s("example.org")),
        )
    };
    let cases = vec![
        (
            r#"userName eq "bjensen""#,
            cmp("userName", Eq, s("bjensen")),
        ),
        (
            r#"name.familyName co "O'Malley""#,
            cmp("name.familyName", Co, s("O'Malley")),
        ),
        (r#"userName sw "J""#, cmp("userName", Sw, s("J"))),
        (
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
            Filter::Compare(
                AttrPath {
                    urn: Some("urn:ietf:params:scim:schemas:core:2.0:User".into()),
                    ..attr("userName", None)
                },
                Sw,
                s("J"),
            ),
        ),
        ("title pr", Filter::Present(attr("title", None))),
        (
            r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
            cmp("meta.lastModified", Gt, date()),
        ),
        (
            r#"meta.lastModified ge "2011-05-13T04:42:34Z""#,
            cmp("meta.lastModified", Ge, date()),
        ),
        (
            r#"meta.lastModified lt "2011-05-13T04:42:34Z""#,
            cmp("meta.lastModified", Lt, date()),
        ),
        (
            r#"meta.lastModified le "2011-05-13T04:42:34Z""#,
            cmp("meta.lastModified", Le, date()),
        ),
        (
            r#"title pr and userType eq "Employee""#,
            and(
                Filter::Present(attr("title", None)),
                cmp("userType", Eq, s("Employee")),
            ),
        ),
        (
            r#"title pr or userType eq "Intern""#,
            or(
                Filter::Present(attr("title", None)),
                cmp("userType", Eq, s("Intern")),
            ),
        ),
        (
            r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
            cmp(
                "schemas",
                Eq,
                s("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
            ),
        ),
        (
            r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
            and(cmp("userType", Eq, s("Employee")), emails_either()),
        ),
        (
            r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
            and(
                cmp("userType", Ne, s("Employee")),
                Filter::Not(Box::new(emails_either())),
            ),
        ),
        (
            r#"userType eq "Employee" and (emails.type eq "work")"#,
            and(
                cmp("userType", Eq, s("Employee")),
                cmp("emails.type", Eq, s("work")),
            ),
        ),
        (
            r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
            and(
                cmp("userType", Eq, s("Employee")),
                Filter::Values(
                    attr("emails", None),
                    Box::new(and(
                        cmp("type", Eq, s("work")),
                        cmp("value", Co, s("@example.com")),
                    )),
                ),
            ),
        ),
        (
            r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
            or(
                Filter::Values(
                    attr("emails", None),
                    Box::new(and(
                        cmp("type", Eq, s("work")),
                        cmp("value", Co, s("@example.com")),
                    )),
                ),
                Filter::Values(
                    attr("ims", None),
                    Box::new(and(
                        cmp("type", Eq, s("xmpp")),
                        cmp("value", Co, s("@foo.com")),
                    )),
                ),
            ),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_filter(text), Ok(expected), "{text}");
    }
}

#[test]
fn and_binds_tighter_than_or_and_keywords_ignore_case() {
    use CompareOp::*;
    let parsed = parse_filter(r#"a eq 1 OR b Eq true aNd c eq null"#).unwrap();
    let expected = or(
        cmp("a", Eq, CompValue::Num(1.0)),
        and(
            cmp("b", Eq, CompValue::Bool(true)),
            cmp("c", Eq, CompValue::Null),
        ),
    );
    assert_eq!(parsed, expected);
}

#[test]
fn strings_keep_json_escapes_and_brackets() {
    let parsed = parse_filter(r#"displayName eq "a \"b\" (c) [d] \u00e9""#).unwrap();
    assert_eq!(
        parsed,
        cmp("displayName", CompareOp::Eq, s(r#"a "b" (c) [d] é"#))
    );
}

#[test]
fn malformed_filters_are_refused() {
    for text in [
        "",
        "userName",
        "userName eq",
        r#"userName xx "a""#,
        r#"userName eq "a"#,
        r#"(userName eq "a""#,
        r#"userName eq "a")"#,
        r#"not userName eq "a""#,
        r#"userName eq "a" and"#,
        r#"emails[type eq "work""#,
        "userName eq bjensen",
        r#"1abc eq "a""#,
    ] {
        assert_eq!(parse_filter(text), Err(FilterError::Syntax), "{text:?}");
    }
    let deep = format!("{}a pr{}", "(".repeat(40), ")".repeat(40));
    assert_eq!(parse_filter(&deep), Err(FilterError::TooComplex));
    assert_eq!(
        parse_filter(&"a".repeat(5000)),
        Err(FilterError::TooComplex)
    );
}

#[test]
fn patch_paths_of_rfc_7644_section_3_5_2() {
    let members = parse_path(r#"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#);
    assert_eq!(
        members,
        Ok(PatchPath {
            attr: attr("members", None),
            filter: Some(cmp(
                "value",
                CompareOp::Eq,
                s("2819c223-7f76-453a-919d-413861904646")
            )),
            sub: None,
        })
    );
    let work = parse_path(r#"emails[type eq "work"].value"#).unwrap();
    assert_eq!(work.sub.as_deref(), Some("value"));
    assert_eq!(
        parse_path("name.familyName").unwrap().attr,
        attr("name", Some("familyName"))
    );
    let ext =
        parse_path("urn:roster:params:scim:schemas:extension:roster:2.0:User:adminNotes").unwrap();
    assert_eq!(
        ext.attr.urn.as_deref(),
        Some("urn:roster:params:scim:schemas:extension:roster:2.0:User")
    );
    assert_eq!(ext.attr.key(), "adminnotes");
    for bad in ["", "members[", "members[value eq \"a\"]x", "a b"] {
        assert!(parse_path(bad).is_err(), "{bad:?}");
    }
}
