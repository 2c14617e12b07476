//! Search benchmark: on the generated 100k-actor KB, type `lavrov` one key at a time in the Actors
//! filter and time each keystroke to the ranked top 50 with highlight positions. Compared in the
//! same run against a plain SkimMatcherV2 full rescan of every actor name and alias.
//!
//! `cargo bench --bench search` (KB sizes: `ARCTIC_BENCH_SIZES=1000,10000,100000`; rounds:
//! `ARCTIC_BENCH_RUNS=9`).

mod common;

use arctic_brief::kb::{self, EntityKind, EntityRef};
use arctic_brief::search::{Index, Query, Results, Scope};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

const WORD: &str = "lavrov";
const TOP: usize = 50;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
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
        let scope = Scope {
            kind: Some(EntityKind::Actor),
            only: None,
        };
        let never = AtomicBool::new(false);
        // As the worker does once at start-up, after building the index.
        let _ = index.search(
            &kb,
            &Query::parse("e").unwrap(),
            &Scope::default(),
            None,
            &never,
        );
        let mut ours: Vec<Vec<Duration>> = vec![Vec::new(); WORD.len()];
        let mut plain: Vec<Vec<Duration>> = vec![Vec::new(); WORD.len()];
        let mut counts = vec![0usize; WORD.len()];
        let mut top_ours = String::new();
        for round in 0..runs {
            let mut previous: Option<Results> = None;
            for k in 1..=WORD.len() {
                let q = Query::parse(&WORD[..k]).unwrap();
                let t = Instant::now();
                let r = index.search(&kb, &q, &scope, previous.as_ref(), &never);
                let marks: Vec<Vec<usize>> = r
                    .hits
                    .iter()
                    .take(TOP)
                    .map(|h| Index::highlight(&kb, &q, h))
                    .collect();
                ours[k - 1].push(t.elapsed());
                std::hint::black_box(marks);
                counts[k - 1] = r.hits.len();
                if round == 0 && k == WORD.len() {
                    top_ours = r
                        .hits
                        .iter()
                        .take(3)
                        .map(|h| kb.title_of(h.entity).to_string())
                        .collect::<Vec<_>>()
                        .join(", ");
                }
                previous = Some(r);
                // The plain rescan: every string, sort by score, indices for the top 50.
                let matcher = SkimMatcherV2::default();
                let t = Instant::now();
                let mut m: Vec<(i64, usize)> = strings
                    .iter()
                    .enumerate()
                    .filter_map(|(i, (_, s))| matcher.fuzzy_match(s, &WORD[..k]).map(|sc| (sc, i)))
                    .collect();
                m.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
                let marks: Vec<_> = m
                    .iter()
                    .take(TOP)
                    .map(|(_, i)| matcher.fuzzy_indices(strings[*i].1, &WORD[..k]))
                    .collect();
                plain[k - 1].push(t.elapsed());
                std::hint::black_box(marks);
            }
        }
        println!(
            "KB: {n} actors; {} actor names and aliases; {} strings indexed in {} (all kinds, once, off the UI thread)",
            strings.len(),
            index.len(),
            ms(build)
        );
        println!("Top 3 for `{WORD}`: {top_ours}");
        println!();
        println!(
            "| keystroke | query | matches | ours (median of {runs}) | plain rescan (median of {runs}) | ours / plain |"
        );
        println!("|---:|---|---:|---:|---:|---:|");
        let mut all_ours = Vec::new();
        let mut all_plain = Vec::new();
        for k in 0..WORD.len() {
            let (o, p) = (median(&mut ours[k]), median(&mut plain[k]));
            println!(
                "| {} | `{}` | {} | {} | {} | {:.2}x |",
                k + 1,
                &WORD[..=k],
                counts[k],
                ms(o),
                ms(p),
                o.as_secs_f64() / p.as_secs_f64()
            );
            all_ours.extend(ours[k].iter().copied());
            all_plain.extend(plain[k].iter().copied());
        }
        let worst = *all_ours.iter().max().unwrap();
        let (mo, mp) = (median(&mut all_ours), median(&mut all_plain));
        println!();
        println!(
            "All keystrokes of all rounds: ours median {} (worst {}), plain median {} (worst {}); median ratio {:.2}x",
            ms(mo),
            ms(worst),
            ms(mp),
            ms(*all_plain.iter().max().unwrap()),
            mo.as_secs_f64() / mp.as_secs_f64()
        );
    }
}
