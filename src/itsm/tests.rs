use super::*;
use crate::parse::parse;

fn view(text: &str, check: impl FnOnce(&ItsmDoc<'_>)) {
    let settings = Settings::builtin().unwrap();
    let doc = parse(text.to_string(), settings.slug_style);
    let itsm = ItsmDoc::of(&doc, &settings).expect("an ITSM document");
    check(&itsm);
}

const V3_HEADINGS: &str = "## Service operation\n\n### Details\n\n\
| ITSM component | Feature |\n|---|---|\n| Incident management | x |\n| Service desk | y |\n";

#[test]
fn phase_comes_from_a_parent_heading() {
    view(V3_HEADINGS, |itsm| {
        assert_eq!(itsm.catalog.id, "itil-v3");
        assert_eq!(itsm.tables[0].phase, Some(3));
        assert!(itsm.tables[0].rows.iter().all(Option::is_some));
    });
}

#[test]
fn rows_choose_itil_4_without_phase_headings() {
    let text = "| Practice | Feature |\n|---|---|\n| Change enablement | x |\n\
| Business analysis | y |\n| Workforce and talent management | z |\n";
    view(text, |itsm| {
        assert_eq!(itsm.catalog.id, "itil-4");
        // No phase heading: no process is expected of the table.
        assert!(itsm.expected_phases().is_empty());
    });
}

#[test]
fn v3_phase_headings_win_over_rows_that_fit_itil_4() {
    let text = "## Service transition\n\n| ITSM component | x |\n|---|---|\n\
| Change enablement | a |\n| Release management | b |\n| Deployment management | c |\n";
    view(text, |itsm| assert_eq!(itsm.catalog.id, "itil-v3"));
}

#[test]
fn out_of_scope_from_front_matter_and_comment() {
    let text = "---\ntitle: t\nitsm-out-of-scope: [Change evaluation, Service strategy]\n---\n\
<!-- itsmlint out-of-scope: Service validation and testing; Nonsense -->\n\
## Service transition\n\n| ITSM component | x |\n|---|---|\n| Change management | a |\n";
    view(text, |itsm| {
        assert_eq!(
            itsm.out_of_scope,
            [
                Scope::Process((2, 5)),
                Scope::Phase(0),
                Scope::Process((2, 4))
            ]
        );
        let missing: Vec<_> = itsm.missing(2).iter().map(|id| id.1).collect();
        assert_eq!(missing, [0, 2, 3, 6]);
        assert_eq!(itsm.excluded(2), [(2, 4), (2, 5)]);
    });
}

#[test]
fn list_labels_and_headings_are_mentions() {
    let text = "- Service strategy processes: many\n- [Service design](#x): what is\n\
- Service design coordination is not a label\n\n## Service design\n\n\
| ITSM component | x |\n|---|---|\n| Design coordination | a |\n";
    view(text, |itsm| {
        let phases: Vec<_> = itsm
            .mentions
            .iter()
            .map(|m| (m.phase, m.is_heading))
            .collect();
        assert_eq!(phases, [(0, false), (1, false), (1, true)]);
    });
}

#[test]
fn documents_without_itsm_tables_are_not_itsm_documents() {
    let settings = Settings::builtin().unwrap();
    let doc = parse(
        "## Service design\n\n| Name | x |\n|---|---|\n| a | b |\n".into(),
        settings.slug_style,
    );
    assert!(ItsmDoc::of(&doc, &settings).is_none());
}

#[test]
fn a_table_takes_the_phase_of_its_nearest_heading_or_of_a_parent() {
    let table = "| ITSM component | x |\n|---|---|\n| Incident management | a |\n\n";
    let text = format!(
        "{table}# Service design\n\n### Detail\n\n{table}## Other\n\n{table}\
         # Guide\n\n## Service operation\n\n#### Deep\n\n{table}### Sibling\n\n{table}\
         ## Service transition\n\n{table}# Appendix\n\n{table}"
    );
    view(&text, |itsm| {
        let phases: Vec<_> = itsm.tables.iter().map(|t| t.phase).collect();
        assert_eq!(
            phases,
            [None, Some(1), Some(1), Some(3), Some(3), Some(2), None]
        );
        assert_eq!(itsm.expected_phases(), [1, 2, 3]);
        assert!(itsm.has_table_for(3) && !itsm.has_table_for(0));
    });
}

#[test]
fn many_tables_each_under_its_own_heading() {
    let text: String = (0..2000)
        .map(|i| {
            let heading = if i % 2 == 0 {
                "Service design"
            } else {
                "Notes"
            };
            format!("## {heading}\n\n| ITSM component | x |\n|---|---|\n| Row {i} | a |\n\n")
        })
        .collect();
    view(&text, |itsm| {
        assert_eq!(itsm.tables.len(), 2000);
        assert!(itsm
            .tables
            .iter()
            .enumerate()
            .all(|(i, t)| t.phase == (i % 2 == 0).then_some(1)));
    });
}
