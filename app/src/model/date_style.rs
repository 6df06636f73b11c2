//! Dates as the staff member's browser asks for them (Accept-Language). Formatted the same
//! way on the server and in the browser, so the server-rendered page and the hydrated one
//! agree; times are shown in UTC, which says so.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum DateStyle {
    /// 2026-11-24: no language preference, or one not listed below.
    #[default]
    Iso,
    /// Nov 24, 2026 (en-US).
    MonthDayYear,
    /// 24 Nov 2026 (English outside the US).
    DayMonthName,
    /// 24.11.2026 (German, Polish, Ukrainian, ...).
    DayDotMonth,
    /// 24/11/2026 (French, Spanish, Italian, ...).
    DaySlashMonth,
}

impl DateStyle {
    /// The style of the first language in an Accept-Language header ("de-CH,de;q=0.9,...").
    pub fn from_accept_language(header: &str) -> Self {
        let first = header.split(',').next().unwrap_or_default();
        let tag = first
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let (language, region) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
        match language {
            "en" if matches!(region, "us" | "") => Self::MonthDayYear,
            "en" => Self::DayMonthName,
            "de" | "pl" | "uk" | "ru" | "cs" | "sk" | "fi" | "nb" | "no" | "da" | "tr" | "ro"
            | "bg" | "hr" | "sl" | "sr" | "et" | "lv" => Self::DayDotMonth,
            "fr" | "es" | "it" | "pt" | "el" | "ca" | "vi" | "id" => Self::DaySlashMonth,
            _ => Self::Iso,
        }
    }

    pub fn date(self, at: DateTime<Utc>) -> String {
        let pattern = match self {
            Self::Iso => "%Y-%m-%d",
            Self::MonthDayYear => "%b %-d, %Y",
            Self::DayMonthName => "%-d %b %Y",
            Self::DayDotMonth => "%d.%m.%Y",
            Self::DaySlashMonth => "%d/%m/%Y",
        };
        at.format(pattern).to_string()
    }

    /// Date and time to the second, for a tooltip.
    pub fn timestamp(self, at: DateTime<Utc>) -> String {
        let time = match self {
            Self::MonthDayYear => at.format("%-I:%M:%S %p"),
            _ => at.format("%H:%M:%S"),
        };
        format!("{}, {time} UTC", self.date(at))
    }
}

#[cfg(test)]
mod tests {
    use super::DateStyle;
    use chrono::{TimeZone, Utc};

    #[test]
    fn styles_follow_the_first_language() {
        let at = Utc.with_ymd_and_hms(2026, 3, 7, 14, 5, 9).unwrap();
        let cases = [
            (
                "en-US,en;q=0.9",
                "Mar 7, 2026",
                "Mar 7, 2026, 2:05:09 PM UTC",
            ),
            ("en-GB,en;q=0.8", "7 Mar 2026", "7 Mar 2026, 14:05:09 UTC"),
            (
                "de-DE,de;q=0.9,en;q=0.8",
                "07.03.2026",
                "07.03.2026, 14:05:09 UTC",
            ),
            ("fr", "07/03/2026", "07/03/2026, 14:05:09 UTC"),
            ("ja,en;q=0.5", "2026-03-07", "2026-03-07, 14:05:09 UTC"),
            ("", "2026-03-07", "2026-03-07, 14:05:09 UTC"),
        ];
        for (header, date, full) in cases {
            let style = DateStyle::from_accept_language(header);
            assert_eq!(style.date(at), date, "{header}");
            assert_eq!(style.timestamp(at), full, "{header}");
        }
    }
}
