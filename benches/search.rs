//! Search benchmark: on the generated 100k-actor KB, type a query one key at a time and time
//! each keystroke (parse, search, highlight positions for the ranked top 50), compared in the same
//! run against a plain SkimMatcherV2 full rescan of the strings a naive search would scan.
//!
//! A keystroke is timed to the answer the search worker sends first: every match found and
//! counted, the best `worker::FIRST_RANKED` in order. The worker then orders the rest and sends
//! them again (unless a newer keystroke came); that time is reported on its own.
//!
//! Queries: `lavrov` in the Actors filter (as since issue 4), against a rescan of every actor name
//! and alias; `arctic energy` (two words, any order) and `energy !china` (a negation) in the
//! Claims filter, against a rescan of every claim's text and speaker; and `energy !china` over
//! every entity, as the jump popup searches.
//!
//! `cargo bench --bench search` (KB sizes: `ARCTIC_BENCH_SIZES=1000,10000,100000`; rounds:
//! `ARCTIC_BENCH_RUNS=9`).

mod common;

use arctic_brief::kb::{self, EntityKind, EntityRef, Kb};
use arctic_brief::search::worker::FIRST_RANKED;
use arctic_brief::search::{Index, Query, Results, Scope};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

const TOP: usize = 50;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Per keystroke: our times, the plain rescan's, and the match count.
struct Typed {
    ours: Vec<Vec<Duration>>,
    plain: Vec<Vec<Duration>>,
    counts: Vec<usize>,
    top3: String,
    /// Ordering the hits past the first ranked ones, after the answer went out.
    rest: Vec<Duration>,
}

/// Types `word` key by key, `runs` times, into `scope`; each keystroke narrows the previous
/// answer as the worker does, then the plain rescan runs on the same text.
fn type_word(
    kb: &Kb,
    index: &Index,
    strings: &[(EntityRef, &str)],
    word: &str,
    scope: &Scope,
    runs: usize,
) -> Typed {
    let keys: Vec<usize> = word.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    let never = AtomicBool::new(false);
    let mut t = Typed {
        ours: vec![Vec::new(); keys.len()],
        plain: vec![Vec::new(); keys.len()],
        counts: vec![0; keys.len()],
        top3: String::new(),
        rest: Vec::new(),
    };
    for round in 0..runs {
        let mut previous: Option<Results> = None;
        for (k, &end) in keys.iter().enumerate() {
            let text = &word[..end];
            let start = Instant::now();
            // Parsing is part of a keystroke's cost.
            let q = Query::parse(text).unwrap_or_default();
            let r = index.search_top(kb, &q, scope, previous.as_ref(), &never, FIRST_RANKED);
            let marks: Vec<Vec<usize>> = r
                .hits
                .iter()
                .take(TOP)
                .map(|h| Index::highlight(kb, &q, h))
                .collect();
            t.ours[k].push(start.elapsed());
            std::hint::black_box(marks);
            t.counts[k] = r.hits.len();
            if round == 0 && k + 1 == keys.len() {
                t.top3 = r
                    .hits
                    .iter()
                    .take(3)
                    .map(|h| kb.id_of(h.entity).to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
            }
            if !r.is_ranked() {
                let mut full = r.clone();
                let start = Instant::now();
                full.finish_ranking();
                t.rest.push(start.elapsed());
            }
            previous = Some(r);
            t.plain[k].push(plain_rescan(strings, text));
        }
    }
    t
}

/// The baseline: every string, sort by score, indices for the top 50.
fn plain_rescan(strings: &[(EntityRef, &str)], text: &str) -> Duration {
    let matcher = SkimMatcherV2::default();
    let start = Instant::now();
    let mut m: Vec<(i64, usize)> = strings
        .iter()
        .enumerate()
        .filter_map(|(i, (_, s))| matcher.fuzzy_match(s, text).map(|sc| (sc, i)))
        .collect();
    m.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let marks: Vec<_> = m
        .iter()
        .take(TOP)
        .map(|(_, i)| matcher.fuzzy_indices(strings[*i].1, text))
        .collect();
    let d = start.elapsed();
    std::hint::black_box(marks);
    d
}

fn report(word: &str, where_: &str, mut t: Typed, runs: usize) {
    println!("Typing `{word}` {where_}; top 3: {}", t.top3);
    println!();
    println!(
        "| keystroke | query | matches | ours (median of {runs}) | plain rescan (median of {runs}) | ours / plain |"
    );
    println!("|---:|---|---:|---:|---:|---:|");
    let mut all_ours = Vec::new();
    let mut all_plain = Vec::new();
    let ends: Vec<usize> = word.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    for k in 0..ends.len() {
        let (o, p) = (median(&mut t.ours[k]), median(&mut t.plain[k]));
        println!(
            "| {} | `{}` | {} | {} | {} | {:.2}x |",
            k + 1,
            &word[..ends[k]],
            t.counts[k],
            ms(o),
            ms(p),
            o.as_secs_f64() / p.as_secs_f64()
        );
        all_ours.extend(t.ours[k].iter().copied());
        all_plain.extend(t.plain[k].iter().copied());
    }
    let worst = *all_ours.iter().max().unwrap();
    let plain_worst = *all_plain.iter().max().unwrap();
    let (mo, mp) = (median(&mut all_ours), median(&mut all_plain));
    println!();
    println!(
        "All keystrokes of all rounds: ours median {} (worst {}), plain median {} (worst {}); median ratio {:.2}x",
        ms(mo),
        ms(worst),
        ms(mp),
        ms(plain_worst),
        mo.as_secs_f64() / mp.as_secs_f64()
    );
    if !t.rest.is_empty() {
        let worst = *t.rest.iter().max().unwrap();
        println!();
        println!(
            "Ordering the rest after the answer (the worker, before the next request; {} keystrokes had more than {FIRST_RANKED} hits): median {} (worst {})",
            t.rest.len(),
            ms(median(&mut t.rest)),
            ms(worst)
        );
    }
    println!();
}

fn main() {
    if common::listing_only() {
        return;
    }
    let runs = common::runs(9);
    for n in common::sizes(&[1_000, 10_000, 100_000]) {
        let kb = kb::load_path(&common::kb_dir(n)).unwrap_or_else(|e| panic!("{}", e.render()));
        let t = Instant::now();
        let index = Index::build(&kb);
        let build = t.elapsed();
        // The baseline's strings: every actor name and alias.
        let strings: Vec<(EntityRef, &str)> = kb
            .sorted(Some(EntityKind::Actor))
            .into_iter()
            .flat_map(|e| {
                let EntityRef::Actor(a) = e else {
                    unreachable!()
                };
                let a = kb.actor(a);
                std::iter::once((e, a.name.as_str()))
                    .chain(a.aliases.iter().map(move |s| (e, s.as_str())))
            })
            .collect();
        // As the worker does once at start-up, after building the index.
        let never = AtomicBool::new(false);
        let warm = Query::parse("e").unwrap();
        let _ = index.search(&kb, &warm, &Scope::default(), None, &never);
        println!(
            "KB: {n} actors; {} actor names and aliases; {} strings indexed in {} (all kinds, once, off the UI thread)",
            strings.len(),
            index.len(),
            ms(build)
        );
        println!();
        let actors = Scope {
            kind: Some(EntityKind::Actor),
            only: None,
        };
        let t = type_word(&kb, &index, &strings, "lavrov", &actors, runs);
        report("lavrov", "in the Actors filter", t, runs);
        // The Claims filter's baseline: every claim's text and speaker.
        let claim_strings: Vec<(EntityRef, &str)> = kb
            .sorted(Some(EntityKind::Claim))
            .into_iter()
            .flat_map(|e| {
                let EntityRef::Claim(c) = e else {
                    unreachable!()
                };
                let c = kb.claim(c);
                [(e, c.text.as_str()), (e, kb.actor(c.by).name.as_str())]
            })
            .collect();
        let claims = Scope {
            kind: Some(EntityKind::Claim),
            only: None,
        };
        for word in ["arctic energy", "energy !china"] {
            let t = type_word(&kb, &index, &claim_strings, word, &claims, runs);
            report(word, "in the Claims filter", t, runs);
        }
        let t = type_word(
            &kb,
            &index,
            &strings,
            "energy !china",
            &Scope::default(),
            runs,
        );
        report(
            "energy !china",
            "over every entity (the jump popup; baseline: actor names and aliases)",
            t,
            runs,
        );
    }
}
