//! `--select` / `--ignore`: which rules run, on top of the effective settings.

use crate::knowledge::RulePack;
use crate::settings::Severities;

/// A rule id the pack does not know, with the closest known id if there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule `{id}`{}; `itsmlint rules` lists them", .suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
pub struct UnknownRule {
    pub id: String,
    pub suggestion: Option<String>,
}

/// Checks that `id` names a rule of the pack.
pub fn known_rule(pack: &RulePack, id: &str) -> Result<(), UnknownRule> {
    if pack.info(id).is_some() {
        return Ok(());
    }
    let suggestion = pack
        .rules
        .iter()
        .map(|r| (strsim::levenshtein(&r.id, id), &r.id))
        .filter(|(distance, _)| *distance <= 3)
        .min()
        .map(|(_, id)| id.clone());
    Err(UnknownRule {
        id: id.to_string(),
        suggestion,
    })
}

/// Narrows `severities` (rule id -> severity; absent = off) to the selection.
///
/// With `select`, exactly the selected rules run: at their configured severity,
/// or at the pack's default when the configuration had turned them off, since
/// naming a rule on the command line is asking for it. `ignore` then turns rules off.
pub fn apply(
    pack: &RulePack,
    severities: &mut Severities,
    select: &[String],
    ignore: &[String],
) -> Result<(), UnknownRule> {
    for id in select.iter().chain(ignore) {
        known_rule(pack, id)?;
    }
    if !select.is_empty() {
        severities.retain(|id, _| select.contains(id));
        for id in select {
            if let (false, Some(info)) = (severities.contains_key(id), pack.info(id)) {
                severities.insert(id.clone(), info.severity);
            }
        }
    }
    for id in ignore {
        severities.remove(id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn ids(severities: &Severities) -> Vec<&str> {
        let mut ids: Vec<&str> = severities.keys().map(String::as_str).collect();
        ids.sort();
        ids
    }

    #[test]
    fn select_keeps_only_those_and_ignore_removes() {
        let pack = RulePack::builtin();
        let mut severities = pack.default_severities();
        severities.insert("placeholder".into(), Severity::Warning);
        apply(
            pack,
            &mut severities,
            &["placeholder".into(), "empty-cell".into()],
            &["empty-cell".into()],
        )
        .unwrap();
        assert_eq!(ids(&severities), ["placeholder"]);
        assert_eq!(
            severities["placeholder"],
            Severity::Warning,
            "configured severity kept"
        );
    }

    #[test]
    fn selecting_a_rule_that_was_off_turns_it_on() {
        let pack = RulePack::builtin();
        let mut severities = Severities::default();
        apply(pack, &mut severities, &["table-shape".into()], &[]).unwrap();
        assert_eq!(ids(&severities), ["table-shape"]);
    }

    #[test]
    fn unknown_ids_are_refused_with_a_suggestion() {
        let pack = RulePack::builtin();
        let mut severities = pack.default_severities();
        let err = apply(pack, &mut severities, &[], &["empty-cel".into()]).unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("empty-cell"));
        assert!(err.to_string().contains("did you mean `empty-cell`?"));
        let err = known_rule(pack, "zzzzzzzzzz").unwrap_err();
        assert_eq!(err.suggestion, None);
        assert_eq!(
            severities.len(),
            pack.rules.len(),
            "nothing changed on error"
        );
    }
}
