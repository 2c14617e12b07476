use super::*;
use crate::app::Action;
use crate::app::keymap::{KeyCode, Scope};

fn problems(text: &str) -> String {
    match parse(text, "config.toml") {
        Ok(_) => panic!("accepted: {text}"),
        Err(d) => d.iter().map(Diagnostic::render).collect(),
    }
}

/// The `# name = value` and `# [table]` lines of commented config text, uncommented.
fn uncomment(text: &str) -> String {
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || "-.".contains(c))
    };
    let mut out = String::new();
    for line in text.lines() {
        let l = line.trim_start_matches("# ");
        let setting = l.split(" #").next().unwrap_or("").trim();
        let example = setting
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .is_some_and(name_ok)
            || setting.split_once(" = ").is_some_and(|(n, _)| name_ok(n));
        if line.starts_with('[') || (line.starts_with("# ") && example) {
            out.push_str(setting);
            out.push('\n');
        }
    }
    out
}

fn parsed(text: &str) -> Config {
    match parse(text, "u") {
        Ok(c) => c,
        Err(d) => panic!("{}", d.iter().map(Diagnostic::render).collect::<String>()),
    }
}

#[test]
fn the_commented_default_parses_and_so_does_every_example_in_it() {
    let text = default_text();
    assert_eq!(parse(&text, "d").unwrap(), Config::default());
    // The examples, then every mode's actions with their default keys: both valid as written.
    let (examples, defaults) = text.split_once("The actions of each mode:").unwrap();
    let config = parsed(&uncomment(examples));
    assert_eq!(config.mouse, Some(true));
    assert_eq!(
        config.keymap.action_for(Key::ch('T'), Scope::Browse),
        Some(Action::ToggleTimeline)
    );
    let defaults = uncomment(defaults);
    assert!(defaults.contains("[keys.confirm]"), "{defaults}");
    let written = parsed(&defaults).keymap;
    for scope in crate::app::keymap::SCOPES {
        for b in crate::app::keymap::BINDINGS {
            for k in b.keys {
                assert_eq!(
                    written.action_for(*k, scope),
                    crate::app::keymap::action_for(*k, scope),
                    "{k:?} in {scope:?}"
                );
            }
        }
    }
}

#[test]
fn keys_can_be_rebound_per_mode_and_help_and_hints_follow() {
    let c = parse(
        "[keys.browse]\ntimeline = \"T\"\nquit = [\"q\", \"C-x\"]\n[keys.search]\nclose = [\"Esc\", \"Ctrl-g\"]\n",
        "c",
    )
    .unwrap();
    let k = &c.keymap;
    assert_eq!(
        k.action_for(Key::ch('T'), Scope::Browse),
        Some(Action::ToggleTimeline)
    );
    assert_eq!(k.action_for(Key::ch('t'), Scope::Browse), None);
    assert_eq!(
        k.action_for(Key::ctrl('x'), Scope::Browse),
        Some(Action::Quit)
    );
    // quit's keys are exactly those listed: Ctrl-C no longer quits while browsing.
    assert_eq!(k.action_for(Key::ctrl('c'), Scope::Browse), None);
    assert_eq!(
        k.action_for(Key::ctrl('c'), Scope::Help),
        Some(Action::Quit)
    );
    assert_eq!(
        k.action_for(Key::ctrl('g'), Scope::Search),
        Some(Action::Close)
    );
    assert!(
        k.hints(Scope::Browse)
            .contains(&("T".to_string(), "timeline"))
    );
    let help = k.help_sections();
    assert!(help[0].1.iter().any(|(keys, _)| keys == "q / Ctrl-X"));
}

#[test]
fn a_key_taken_from_a_default_action_leaves_it() {
    let c = parse("[keys.browse]\ntimeline = \"j\"\n", "c").unwrap();
    assert_eq!(
        c.keymap.action_for(Key::ch('j'), Scope::Browse),
        Some(Action::ToggleTimeline)
    );
    assert_eq!(
        c.keymap
            .action_for(Key::plain(KeyCode::Down), Scope::Browse),
        Some(Action::Down)
    );
}

#[test]
fn problems_are_located_with_the_line_a_caret_and_a_suggestion() {
    let out = problems("mouse = true\n[keys.browse]\ntimelime = \"T\"\n");
    assert!(
        out.contains("no action `timelime` in the browse mode"),
        "{out}"
    );
    assert!(out.contains("--> config.toml:3:1"), "{out}");
    assert!(out.contains("3 | timelime = \"T\""), "{out}");
    assert!(out.contains("^^^^^^^^ did you mean `timeline`?"), "{out}");

    let out = problems("[keys.browse]\nquit = [\"q\", \"Ctrl-Esc\", \"Entr\"]\n");
    assert!(out.contains("config.toml:2:26"), "{out}");
    assert!(out.contains("did you mean `Enter`?"), "{out}");

    let out = problems("[keys.brwose]\n");
    assert!(
        out.contains("unknown mode `brwose`") && out.contains("did you mean `browse`?"),
        "{out}"
    );

    let out = problems("mouse = \"yes\"\ncolour = \"never\"\n");
    assert!(
        out.contains("config.toml:1:9") && out.contains("`mouse` must be true or false"),
        "{out}"
    );
    assert!(
        out.contains("unknown setting `colour`") && out.contains("did you mean `color`?"),
        "{out}"
    );

    let out = problems(
        "[theme]\nbase = \"ligt\"\naccent = \"cyn\"\nmark = { fg = \"red\", bol = true }\n",
    );
    assert!(out.contains("did you mean `light`?"), "{out}");
    assert!(
        out.contains("`cyn` is not a colour") && out.contains("did you mean `cyan`?"),
        "{out}"
    );
    assert!(
        out.contains("unknown style key `bol`") && out.contains("did you mean `bold`?"),
        "{out}"
    );

    let out = problems("data = \n");
    assert!(
        out.contains("not valid TOML") && out.contains("config.toml:1:"),
        "{out}"
    );
}

#[test]
fn conflicts_between_the_users_own_keys_are_errors() {
    let out = problems("[keys.browse]\nexport = \"x\"\ncopy = [\"c\", \"x\"]\n");
    assert!(
        out.contains("`x` is given to both `export` and `copy` in the browse mode"),
        "{out}"
    );
    assert!(out.contains("config.toml:3:14"), "{out}");
    assert!(out.contains("also given to `export` on line 2"), "{out}");
    // The same key in two modes is no conflict.
    assert!(
        parse(
            "[keys.browse]\nexport = \"x\"\n[keys.help]\nclose = \"x\"\n",
            "c"
        )
        .is_ok()
    );
}

#[test]
fn a_keymap_without_a_way_to_quit_is_refused() {
    let out = problems("[keys.browse]\nquit = []\n");
    assert!(
        out.contains("no key is left to quit while browsing"),
        "{out}"
    );
    let out = problems("[keys.browse]\nhelp = [\"q\", \"Ctrl-c\"]\n");
    assert!(out.contains("no key is left to quit"), "{out}");
}

#[test]
fn hostile_text_in_a_config_is_neutralised_in_messages() {
    let out = problems("[keys.browse]\n\"ti\\u001b[2Jme\" = \"T\"\n");
    assert!(!out.contains('\u{1b}'), "{out:?}");
}

#[test]
fn themes_start_from_a_base_and_colour_gives_way_to_no_color() {
    use ratatui::style::{Color, Modifier};
    let c = parse(
        "color = \"auto\"\n[theme]\naccent = \"#ff8800\"\nbase = \"light\"\nstatus = { fg = \"black\", bg = \"250\", bold = true }\n",
        "c",
    )
    .unwrap();
    assert_eq!(c.theme.accent.fg, Some(Color::Rgb(0xff, 0x88, 0)));
    assert_eq!(c.theme.status.bg, Some(Color::Indexed(250)));
    assert!(c.theme.status.add_modifier.contains(Modifier::BOLD));
    assert_eq!(
        c.theme.date,
        Theme::built_in(crate::ui::theme::Base::Light).date
    );
    assert_eq!(c.theme_for(None, true), Theme::plain());
    assert_eq!(c.theme_for(Some(ColorChoice::Always), true), c.theme);
    assert_eq!(c.theme_for(Some(ColorChoice::Never), false), Theme::plain());
    let never = parse("color = \"never\"\n", "c").unwrap();
    assert_eq!(never.theme_for(None, false), Theme::plain());
    assert_eq!(
        never.theme_for(Some(ColorChoice::Auto), false),
        Theme::new(false)
    );
}

#[test]
fn paths_are_read_relative_to_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "data = \"kb\"\nexport-dir = \"/tmp/notes\"\nmouse = false\n",
    )
    .unwrap();
    let c = load(Some(&file)).unwrap();
    assert_eq!(c.data, Some(dir.path().join("kb")));
    assert_eq!(c.export_dir, Some(PathBuf::from("/tmp/notes")));
    assert_eq!(c.mouse, Some(false));
    let missing = load(Some(&dir.path().join("nope.toml"))).unwrap_err();
    assert!(missing.render().contains("cannot read the config file"));
    assert!(describe_path(Some(&file)).contains("named by --config; exists"));
}

#[test]
fn keys_read_as_the_help_writes_them() {
    for (text, key) in [
        ("q", Key::ch('q')),
        ("G", Key::ch('G')),
        ("Shift-g", Key::ch('G')),
        ("Ctrl-C", Key::ctrl('c')),
        ("ctrl+p", Key::ctrl('p')),
        ("C-w", Key::ctrl('w')),
        ("Alt-←", Key::alt(KeyCode::Left)),
        ("A-left", Key::alt(KeyCode::Left)),
        ("Shift-Tab", Key::plain(KeyCode::BackTab)),
        ("Space", Key::ch(' ')),
        ("PgDn", Key::plain(KeyCode::PageDown)),
        ("-", Key::ch('-')),
        ("+", Key::ch('+')),
    ] {
        assert_eq!(Key::parse(text), Ok(key), "{text}");
        assert_eq!(
            Key::parse(&key.label()),
            Ok(key),
            "{text}: label round trip"
        );
    }
    for bad in ["", "Ctrl-", "Hyper-x", "Shift-Enter", "qq"] {
        assert!(Key::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_status_bar_help_and_palette_show_the_keys_in_force() {
    let c = parse(
        "[keys.browse]\ntimeline = \"T\"\nquit = \"x\"\nhelp = \"F1\"\n",
        "c",
    );
    // F1 is not a key this program knows: refused, located.
    assert!(c.is_err());
    let c = parse(
        "[keys.browse]\ntimeline = \"T\"\nquit = \"x\"\nhelp = \"h\"\n",
        "c",
    )
    .unwrap();
    let mut app = crate::app::App::new(crate::kb::load_bundled().unwrap(), 200, 40);
    app.keymap = c.keymap;
    let s = crate::app::status::line(&app, 200);
    assert_eq!(s.right, "h help  x quit");
    assert!(s.left.contains("T timeline"), "{}", s.left);
    let rows = crate::app::help::rows(&app.keymap, 76, "timeline");
    assert!(
        rows.iter()
            .any(|r| matches!(r, crate::app::help::Row::Entry(k, _) if k == "T"))
    );
    let timeline = crate::app::keymap::BINDINGS
        .iter()
        .position(|b| b.action == Action::ToggleTimeline)
        .unwrap();
    assert_eq!(
        crate::app::palette::command_label(&app.keymap, timeline).1,
        "T"
    );
}

#[test]
fn the_view_defaults_are_read_and_checked() {
    let c = parsed("[view]\nwrap = true\nsort = \"grade\"\n");
    assert_eq!(c.wrap, Some(true));
    assert_eq!(c.sort, Some(crate::kb::SortBy::Grade));
    let e = parse("[view]\nsort = \"grades\"\nwrapp = true\n", "c.toml").unwrap_err();
    let all: String = e.iter().map(|d| d.render()).collect();
    assert!(all.contains("did you mean `grade`?"), "{all}");
    assert!(all.contains("c.toml:3:1"), "{all}");
}
