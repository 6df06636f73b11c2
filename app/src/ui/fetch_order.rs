//! Background refetches (live updates) can answer in any order. Each request takes a ticket;
//! an answer is applied only if it is newer than every answer applied before, so an older
//! answer that arrives late never overwrites a newer one.

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FetchOrder {
    issued: u64,
    applied: u64,
}

impl FetchOrder {
    /// The ticket of a request about to be sent.
    pub fn issue(&mut self) -> u64 {
        self.issued += 1;
        self.issued
    }

    /// Whether the answer to `ticket` may be applied; if so, it is the newest applied now.
    pub fn accept(&mut self, ticket: u64) -> bool {
        let newer = ticket > self.applied;
        if newer {
            self.applied = ticket;
        }
        newer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_older_answer_is_dropped() {
        let mut order = FetchOrder::default();
        let (first, second) = (order.issue(), order.issue());
        assert!(order.accept(second), "the newer answer arrives first");
        assert!(
            !order.accept(first),
            "the older one, arriving late, is dropped"
        );
        let third = order.issue();
        assert!(order.accept(third));
    }

    #[test]
    fn answers_in_order_are_all_applied() {
        let mut order = FetchOrder::default();
        let tickets: Vec<u64> = (0..3).map(|_| order.issue()).collect();
        assert!(tickets.into_iter().all(|t| order.accept(t)));
    }
}
