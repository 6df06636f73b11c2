//! A session's browser and system in words ("Firefox on Linux"), from the User-Agent it began
//! with, through woothee's maintained rules rather than our own guesses.
pub fn describe(user_agent: Option<&str>) -> String {
    let parsed = user_agent.and_then(|ua| woothee::parser::Parser::new().parse(ua));
    match parsed {
        Some(p) if p.name != "UNKNOWN" && p.os != "UNKNOWN" => format!("{} on {}", p.name, p.os),
        Some(p) if p.name != "UNKNOWN" => p.name.to_owned(),
        _ => "Unknown browser".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_common_browsers() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                      Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(super::describe(Some(chrome)), "Chrome on Linux");
        let firefox =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(super::describe(Some(firefox)), "Firefox on Windows 10");
        assert_eq!(super::describe(Some("curl/8.5.0")), "HTTP Library");
        assert_eq!(super::describe(Some("")), "Unknown browser");
        assert_eq!(super::describe(None), "Unknown browser");
    }
}
