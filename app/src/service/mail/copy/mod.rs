//! The words of every message in each language the client area speaks (en, de, fr, pl, uk;
//! a user with another language gets English). Each language is one function with an arm per
//! letter, so a letter cannot be added without its words in all five: it does not compile.
mod de;
mod en;
mod fr;
mod pl;
mod uk;

use super::letters::Letter;

/// What a message says, before it is laid out as text and HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Words {
    pub subject: String,
    /// "Hello Anna,"
    pub greeting: String,
    /// Paragraphs before the link's button (or the whole message when there is no link).
    pub body: Vec<String>,
    /// The button's label, when the message carries a link.
    pub action: Option<String>,
    /// Paragraphs after the button: how long the link works, what to do if it was not you.
    pub after: Vec<String>,
    /// "If the button does not work, copy this address into your browser:"
    pub link_fallback: String,
    /// Why they received it, signed by the sender.
    pub footer: String,
}

/// The letter's words in `language` (an unsupported one: English). `name` is the user's
/// first name (or email when they have none), `brand` the sender's display name.
pub fn words(language: &str, letter: &Letter, name: &str, brand: &str) -> Words {
    match language {
        "de" => de::words(letter, name, brand),
        "fr" => fr::words(letter, name, brand),
        "pl" => pl::words(letter, name, brand),
        "uk" => uk::words(letter, name, brand),
        _ => en::words(letter, name, brand),
    }
}

/// The languages with their own words (the rest use English).
pub const TRANSLATED: [&str; 5] = ["en", "de", "fr", "pl", "uk"];
