//! How config errors read: serde's messages in the config's terms, and a
//! "did you mean" where a name is a likely typo of a known one.

/// Rewrites serde's messages in the config's terms, with a "did you mean".
pub(super) fn explain_toml_error(message: &str) -> String {
    let message = message.trim_end();
    let backticked = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    for (serde_says, we_say) in [
        ("unknown field", "unknown key"),
        ("unknown variant", "unknown value"),
    ] {
        if let Some(rest) = message.strip_prefix(serde_says) {
            let names = backticked(rest);
            let Some((given, expected)) = names.split_first() else {
                break;
            };
            let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
            let hint = match did_you_mean(given, &expected) {
                s if !s.is_empty() => s,
                _ if !expected.is_empty() => {
                    format!("; expected one of `{}`", expected.join("`, `"))
                }
                _ => String::new(),
            };
            return format!("{we_say} `{given}`{hint}");
        }
    }
    message.to_string()
}

/// `, did you mean `x`?` when one candidate is a likely typo of `given`.
pub(super) fn did_you_mean(given: &str, candidates: &[&str]) -> String {
    crate::suggest::closest(given, candidates)
        .map(|c| format!(", did you mean `{c}`?"))
        .unwrap_or_default()
}
