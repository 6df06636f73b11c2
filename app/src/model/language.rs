/// The languages Roster supports, each named in its own language.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("pl", "Polski"),
    ("uk", "Українська"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("pt", "Português"),
];

/// The cookie holding the client area's language ("de"); see `ui::client_area::ClientArea`.
pub const COOKIE: &str = "roster_lang";

pub fn is_supported(code: &str) -> bool {
    LANGUAGES.iter().any(|(c, _)| *c == code)
}
