//! The string forms of Roster's closed sets (statuses, permissions, audit actions, ...).
//! Each enum derives them with strum: `key` is the value stored and used in URLs and forms,
//! `label` the words people read, `VARIANTS` every value in display order. Nothing here is
//! written by hand per enum, so a value cannot exist without its key.
use std::str::FromStr;
use strum::{EnumMessage, VariantArray};

pub trait Keyed: Copy + Into<&'static str> + FromStr + VariantArray + 'static {
    /// The stored form, e.g. `active` or `users.view`.
    fn key(self) -> &'static str {
        self.into()
    }

    fn from_key(key: &str) -> Option<Self> {
        key.parse().ok()
    }
}

impl<T: Copy + Into<&'static str> + FromStr + VariantArray + 'static> Keyed for T {}

/// The words shown for a value (strum's `message`); every variant has one (tested per enum).
pub trait Labelled: Keyed + EnumMessage {
    fn label(self) -> &'static str {
        self.get_message().unwrap_or_else(|| self.key())
    }
}

impl<T: Keyed + EnumMessage> Labelled for T {}

/// For the tests of each enum: every value has its own key and label and reads back.
#[cfg(test)]
pub fn assert_round_trips<T: Labelled + PartialEq + std::fmt::Debug>() {
    let mut keys = std::collections::HashSet::new();
    for &value in T::VARIANTS {
        assert!(keys.insert(value.key()), "{value:?}: duplicate key");
        assert_eq!(T::from_key(value.key()), Some(value));
        assert!(value.get_message().is_some(), "{value:?} has no label");
    }
    assert_eq!(T::from_key("no-such-key"), None);
}
