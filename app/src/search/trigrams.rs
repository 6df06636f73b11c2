//! What the trigram indexes (SQLite's FTS5, PostgreSQL's pg_trgm) are asked for a search
//! key. A phrase query (or `LIKE '%key%'`) reads the postings of every trigram in it, and most trigrams of a long key are common (`son`, `000`,
//! `.co`): the phrase "daniel.johnson54471" reads hundreds of thousands of postings for one
//! match (3 ms at 1,000,000 users). A few distinctive trigrams ANDed narrow to the same few
//! rows reading far less (0.2 ms); the caller then checks the whole key on those candidates.
//! Without statistics (FTS5's vocabulary table counts by reading the postings), trigrams
//! that mix letters, digits and punctuation, and have no repeated character, are taken as
//! the distinctive ones: they are where words meet numbers and separators.

/// Trigrams ANDed for a long key.
const PICK: usize = 3;

/// A few distinctive trigrams of `key` to look up instead of all of them, or `None` when
/// the key is short enough to look up whole.
pub fn distinctive(key: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < 3 + PICK {
        return None;
    }
    let mut ranked: Vec<usize> = (0..=chars.len() - 3).collect();
    ranked.sort_by_key(|&i| std::cmp::Reverse(score(&chars[i..i + 3])));
    let mut picked: Vec<usize> = Vec::new();
    // Spread over the key first (no two overlapping), then the best of the rest.
    for apart in [true, false] {
        for &i in &ranked {
            if picked.len() == PICK {
                break;
            }
            let clear = picked.iter().all(|&p| p.abs_diff(i) >= 3);
            if !picked.contains(&i) && (clear || !apart) {
                picked.push(i);
            }
        }
    }
    picked.sort_unstable();
    Some(
        picked
            .iter()
            .map(|&i| chars[i..i + 3].iter().collect())
            .collect(),
    )
}

/// The FTS5 query for `key`, and whether it matches exactly the documents containing `key`
/// (a phrase); when not, the caller must check the key on each candidate.
pub fn fts_query(key: &str) -> (String, bool) {
    match distinctive(key) {
        None => (phrase(key), true),
        Some(trigrams) => {
            let parts: Vec<String> = trigrams.iter().map(|t| phrase(t)).collect();
            (parts.join(" AND "), false)
        }
    }
}

/// Higher for trigrams likely to be rare: more kinds of character, fewer repeats.
fn score(trigram: &[char]) -> u32 {
    let kind = |c: &char| {
        if c.is_alphabetic() {
            0
        } else if c.is_numeric() {
            1
        } else {
            2
        }
    };
    let mut kinds: Vec<u8> = trigram.iter().map(kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut distinct = trigram.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    3 * kinds.len() as u32 + distinct.len() as u32
}

/// An FTS5 phrase: the trigram tokenizer matches it as a substring.
pub(crate) fn phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_are_one_phrase() {
        assert_eq!(fts_query("hugo"), ("\"hugo\"".into(), true));
        assert_eq!(fts_query("a\"b"), ("\"a\"\"b\"".into(), true));
    }

    #[test]
    fn long_keys_ask_for_distinctive_trigrams_spread_over_the_key() {
        assert_eq!(
            fts_query("daniel.johnson54471"),
            ("\"dan\" AND \"el.\" AND \"on5\"".into(), false)
        );
        let (query, exact) = fts_query("0002482");
        assert!(!exact);
        assert!(!query.contains("\"000\""), "{query}");
    }
}
