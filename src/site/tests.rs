use super::*;

fn write(root: &Path, file: &str, text: &str) -> PathBuf {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_nearest_marker_decides() {
    let dir = tempfile::tempdir().unwrap();
    let root = absolute(dir.path());
    write(&root, "docs/docfx.json", r#"{"build": {}}"#);
    write(&root, "docs/book/book.toml", "[book]\n");
    write(&root, "site/mkdocs.yml", "site_name: x\n");
    write(&root, "pages/_config.yml", "title: x\n");
    let sites = Sites::default();
    let site_of = |file: &str| sites.of_file(&root.join(file));
    assert_eq!(site_of("README.md").site, Site::Github);
    assert_eq!(site_of("README.md").marker, None);
    assert_eq!(site_of("docs/a/b/page.md").site, Site::Learn);
    assert!(site_of("docs/a/page.md").docfx.is_some());
    assert_eq!(site_of("docs/book/src/chapter.md").site, Site::Mdbook);
    assert_eq!(site_of("site/docs/index.md").site, Site::Mkdocs);
    assert_eq!(site_of("pages/_posts/2024-01-01-a.md").site, Site::Jekyll);
    assert_eq!(
        Site::Jekyll.slug_style(),
        crate::slug::SlugStyle::KramdownGfm
    );
    assert_eq!(
        site_of("docs/x.md").marker.as_deref(),
        Some(root.join("docs/docfx.json").as_path())
    );
    // One answer per folder, shared by the folders under the marker.
    assert!(Arc::ptr_eq(
        &site_of("docs/a/page.md"),
        &site_of("docs/a/other.md")
    ));
}

#[test]
fn a_config_names_the_site_over_the_markers() {
    let learn = Detected {
        site: Site::Learn,
        marker: Some(PathBuf::from("/r/docs/docfx.json")),
        docfx: Some(Arc::new(Docfx::parse(
            Path::new("/r/docs/docfx.json"),
            Ok("{}".into()),
        ))),
        jekyll: None,
    };
    let named = SiteChoice::new(&learn, Some((Site::Github, "/r/itsmlint.toml".into())));
    assert_eq!(named.site, Site::Github);
    assert!(named.docfx.is_none(), "docfx.json is Learn's only");
    assert!(named.reason().starts_with("named in "));
    let found = SiteChoice::new(&learn, None);
    assert_eq!(found.site, Site::Learn);
    assert!(found.docfx.is_some());
    assert!(found.reason().starts_with("found "));
}

#[test]
fn fragments_each_site_answers() {
    for site in [
        Site::Github,
        Site::Gitlab,
        Site::Learn,
        Site::Mdbook,
        Site::Mkdocs,
        Site::Jekyll,
    ] {
        assert!(site.answers_fragment("top") && site.answers_fragment("TOP"));
        assert!(!site.answers_fragment("topics"));
    }
    for line in ["L7", "L30-L31"] {
        assert!(Site::Github.answers_fragment(line));
        assert!(Site::Gitlab.answers_fragment(line));
        assert!(!Site::Learn.answers_fragment(line));
    }
    for not_line in ["L", "L7-", "l7", "L7-8", "Lx"] {
        assert!(!Site::Github.answers_fragment(not_line), "{not_line}");
    }
    assert!(Site::Learn.answers_fragment("tab/windows"));
    assert!(Site::Github.answers_fragment("tab/windows"));
}

#[test]
fn repository_files_and_includes_are_not_pages() {
    let site = SiteChoice::default();
    for file in [
        "README.md",
        "docs/readme.md",
        "LICENSE.md",
        "LICENSE-CODE.md",
        "CODE_OF_CONDUCT.md",
        "SECURITY.md",
        "CONTRIBUTING.md",
        "docs/includes/note.md",
        "docs/includes/deep/note.md",
    ] {
        assert!(!site.publishes(Path::new(file)), "{file}");
    }
    for file in [
        "docs/index.md",
        "docs/includes-guide.md",
        "readme-first/setup.md",
    ] {
        assert!(site.publishes(Path::new(file)), "{file}");
    }
}

#[test]
fn the_summary_names_each_choice_once_with_its_folders() {
    let dir = tempfile::tempdir().unwrap();
    let root = absolute(dir.path());
    let learn = SiteChoice {
        site: Site::Learn,
        marker: Some(root.join("docs/docfx.json")),
        ..SiteChoice::default()
    };
    let github = SiteChoice::default();
    let (a, b, c) = (
        root.join("docs/a/x.md"),
        root.join("docs/b/y.md"),
        root.join("README.md"),
    );
    let lines = summary([
        (a.as_path(), &learn),
        (c.as_path(), &github),
        (b.as_path(), &learn),
    ]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let docs = root.join("docs").display().to_string();
    assert!(
        lines[0].starts_with(&format!("site: learn for {docs} (found ")),
        "{lines:?}"
    );
    assert!(lines[1].starts_with("site: github for "), "{lines:?}");
    assert!(lines[1].ends_with("(no docfx.json, book.toml, mkdocs.yml or _config.yml above)"));
}

#[test]
fn learn_json_is_read_with_comments_and_trailing_commas() {
    let text = "{ // a comment\n \"a\": \"x // not a comment\", /* b */ \"b\": [1, 2,],\n}";
    let value = json_net(text).unwrap();
    assert_eq!(value["a"], "x // not a comment");
    assert_eq!(value["b"], serde_json::json!([1, 2]));
    // What does not read is an error that says where.
    let error = json_net("{ \"build\": { \"content\": [ }").unwrap_err();
    assert!(error.contains("line 1"), "{error}");
}
