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

/// In `--select` and `--ignore`, every rule (as in ruff).
pub const ALL: &str = "ALL";

/// The pack's spelling of the rule `id` names, in any case (`Empty-Cell`).
pub fn canonical<'p>(pack: &'p RulePack, id: &str) -> Option<&'p str> {
    pack.rules
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(id))
        .map(|r| r.id.as_str())
}

/// Checks that `id` names a rule of the pack, in any case.
pub fn known_rule(pack: &RulePack, id: &str) -> Result<(), UnknownRule> {
    if canonical(pack, id).is_some() {
        return Ok(());
    }
    let ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
    let suggestion = crate::suggest::closest(id, &ids).map(str::to_string);
    Err(UnknownRule {
        id: id.to_string(),
        suggestion,
    })
}

/// The rule ids that `ids` (from the command line) name, in the pack's
/// spelling; `ALL` (in any case) names every rule.
pub fn rule_ids(pack: &RulePack, ids: &[String]) -> Result<Vec<String>, UnknownRule> {
    let mut named = Vec::with_capacity(ids.len());
    for id in ids {
        if id.eq_ignore_ascii_case(ALL) {
            named.extend(pack.rules.iter().map(|r| r.id.clone()));
            continue;
        }
        known_rule(pack, id)?;
        named.extend(canonical(pack, id).map(str::to_string));
    }
    Ok(named)
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
    let (select, ignore) = (rule_ids(pack, select)?, rule_ids(pack, ignore)?);
    if !select.is_empty() {
        severities.retain(|id, _| select.contains(id));
        for id in &select {
            if let (false, Some(info)) = (severities.contains_key(id), pack.info(id)) {
                severities.insert(id.clone(), info.severity);
            }
        }
    }
    for id in &ignore {
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
    fn ids_are_read_in_any_case_and_all_names_every_rule() {
        let pack = RulePack::builtin();
        let mut severities = Severities::default();
        apply(
            pack,
            &mut severities,
            &["all".into()],
            &["Empty-Cell".into()],
        )
        .unwrap();
        assert_eq!(severities.len(), pack.rules.len() - 1);
        assert!(!severities.contains_key("empty-cell"));
        assert_eq!(canonical(pack, "BROKEN-ANCHOR"), Some("broken-anchor"));
        let err = known_rule(pack, "EMPTY-CEL").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("empty-cell"));
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
