//! The review rules: which decision may follow which state. Confirm and reject act on what
//! the machine flagged (`open`, or `unrectified` on a re-submission, which a reviewer may
//! overturn); a rejection needs a reason; undo reverts the last decision on a defect, once.
//! The store applies a decision only if the defect is still at the version the reviewer saw.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Confirm,
    Reject,
    Undo,
}

impl Action {
    pub fn id(self) -> &'static str {
        match self {
            Action::Confirm => "confirm",
            Action::Reject => "reject",
            Action::Undo => "undo",
        }
    }
}

/// The last logged decision on a defect: its action and the status before it.
#[derive(Debug, Clone, PartialEq)]
pub struct LastDecision {
    pub action: String,
    pub from_status: Option<String>,
}

/// The status `action` leads to from `current`, or why it may not be taken.
pub fn next_status(action: Action, current: &str, last: Option<&LastDecision>) -> Result<String, String> {
    match action {
        Action::Confirm if current == "open" => Ok("confirmed".into()),
        Action::Confirm if current == "unrectified" => Ok("unrectified".into()),
        Action::Reject if matches!(current, "open" | "unrectified") => Ok("rejected".into()),
        Action::Confirm | Action::Reject => Err(format!(
            "the defect is {current} already: undo that decision first"
        )),
        Action::Undo => match last {
            Some(LastDecision {
                action,
                from_status: Some(from),
            }) if matches!(action.as_str(), "confirm" | "reject") => Ok(from.clone()),
            _ => Err("there is no decision on this defect to undo".into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last(action: &str, from: &str) -> LastDecision {
        LastDecision {
            action: action.into(),
            from_status: Some(from.into()),
        }
    }

    #[test]
    fn decisions_follow_the_flag_and_undo_restores_what_was_before() {
        assert_eq!(next_status(Action::Confirm, "open", None).unwrap(), "confirmed");
        assert_eq!(
            next_status(Action::Reject, "unrectified", None).unwrap(),
            "rejected"
        );
        assert!(next_status(Action::Confirm, "confirmed", None).is_err());
        assert!(next_status(Action::Reject, "rectified", None).is_err());
        assert_eq!(
            next_status(Action::Undo, "rejected", Some(&last("reject", "open"))).unwrap(),
            "open"
        );
        assert!(
            next_status(Action::Undo, "open", Some(&last("undo", "rejected"))).is_err(),
            "undo once"
        );
        assert!(next_status(Action::Undo, "open", None).is_err());
    }
}
