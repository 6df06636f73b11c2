//! Opaque paging cursors. A cursor holds the next page's number and size and a fingerprint of
//! the search and filters it belongs to, so that a cursor used with another query is refused
//! rather than silently paging through a different list. Pages are read as the console reads
//! them (deep pages through the sort's index), so a cursor costs what the console's page does.
use super::problem::Problem;
use base64::Engine;
use sha2::{Digest, Sha256};

const ENGINE: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub page: u32,
    pub limit: u32,
}

/// The highest `page` of the lists paged by number (the mail and activity logs).
pub const LAST_PAGE: u32 = 100_000;

/// The page number of a list paged by number: 1 when absent.
pub fn page_number(page: Option<u32>) -> Result<u32, Problem> {
    let page = page.unwrap_or(1);
    match (1..=LAST_PAGE).contains(&page) {
        true => Ok(page),
        false => Err(Problem::invalid(
            "page",
            format!("Pages are numbered from 1 to {LAST_PAGE}."),
        )),
    }
}

/// A short fingerprint of what a list shows (its query without the paging).
pub fn fingerprint(query: &impl serde::Serialize) -> String {
    let json = serde_json::to_vec(query).unwrap_or_default();
    hex::encode(&Sha256::digest(json)[..8])
}

impl Cursor {
    pub fn encode(self, fingerprint: &str) -> String {
        ENGINE.encode(format!("{}.{}.{fingerprint}", self.page, self.limit))
    }

    /// The cursor in `text`, if it belongs to the list with `fingerprint`.
    pub fn decode(text: &str, fingerprint: &str) -> Result<Self, Problem> {
        let invalid = || {
            Problem::invalid(
                "cursor",
                "This cursor is not one this list gave, or the search, filters or sort changed since.",
            )
        };
        let bytes = ENGINE.decode(text).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let mut parts = text.splitn(3, '.');
        let (Some(page), Some(limit), Some(print)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        let cursor = Self {
            page: page.parse().map_err(|_| invalid())?,
            limit: limit.parse().map_err(|_| invalid())?,
        };
        let valid = print == fingerprint
            && cursor.page >= 2
            && (1..=app::model::user_list::MAX_PER_PAGE).contains(&cursor.limit);
        valid.then_some(cursor).ok_or_else(invalid)
    }
}

/// The page and size a request asks for: from its cursor, else the first page of `limit`.
pub fn page_of(
    cursor: Option<&str>,
    limit: Option<u32>,
    fingerprint: &str,
) -> Result<Cursor, Problem> {
    use app::model::user_list::{MAX_PER_PAGE, PAGE_SIZES};
    if let Some(limit) = limit.filter(|l| !(1..=MAX_PER_PAGE).contains(l)) {
        let message = format!("Ask for 1 to {MAX_PER_PAGE} items per page, not {limit}.");
        return Err(Problem::invalid("limit", message));
    }
    match cursor.filter(|c| !c.is_empty()) {
        Some(text) => Cursor::decode(text, fingerprint),
        None => Ok(Cursor {
            page: 1,
            limit: limit.unwrap_or(PAGE_SIZES[0]),
        }),
    }
}

/// A page's total as the API states it (`total`, `total_exact`) and the next page's cursor.
pub fn totals(
    total: app::model::user_list::Total,
    at: Cursor,
    shown: usize,
    fingerprint: &str,
) -> (u64, bool, Option<String>) {
    use app::model::user_list::Total;
    let (n, exact, more) = match total {
        Total::Exact(n) => (n, true, u64::from(at.page) * u64::from(at.limit) < n),
        Total::AtLeast(n) => (n, false, true),
    };
    (n, exact, next(at, shown, more, fingerprint))
}

/// The cursor of the page after `current`, when the list has more.
pub fn next(current: Cursor, shown: usize, more: bool, fingerprint: &str) -> Option<String> {
    (more && shown == current.limit as usize).then(|| {
        Cursor {
            page: current.page + 1,
            limit: current.limit,
        }
        .encode(fingerprint)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_only_for_its_own_list() {
        let c = Cursor { page: 3, limit: 50 };
        let text = c.encode("abc");
        assert_eq!(Cursor::decode(&text, "abc").unwrap(), c);
        assert_eq!(Cursor::decode(&text, "abd").unwrap_err().status, 422);
        assert_eq!(Cursor::decode("%%%", "abc").unwrap_err().status, 422);
        let tampered = ENGINE.encode("3.5000.abc");
        assert_eq!(Cursor::decode(&tampered, "abc").unwrap_err().status, 422);
    }

    #[test]
    fn there_is_no_next_page_after_a_short_one() {
        let c = Cursor { page: 1, limit: 2 };
        assert!(next(c, 2, true, "f").is_some());
        assert!(next(c, 1, true, "f").is_none());
        assert!(next(c, 2, false, "f").is_none());
    }
}
