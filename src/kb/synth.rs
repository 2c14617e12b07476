//! A generator of realistic synthetic KBs for benchmarks and tests: N actors with 0-3 aliases
//! (Latin, accented and Cyrillic names; about 2.3 names and aliases per actor), N/2 meetings with 2-6 participants, 2N claims and N/10
//! sources, split over several files per kind. Deterministic for a given seed.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Params {
    pub actors: usize,
    /// How many files each kind is split over.
    pub files: usize,
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
}

/// splitmix64: tiny, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const RU_FIRST: &[(&str, &str)] = &[
    ("Sergei", "Сергей"),
    ("Kirill", "Кирилл"),
    ("Dmitri", "Дмитрий"),
    ("Anna", "Анна"),
    ("Olga", "Ольга"),
    ("Ivan", "Иван"),
    ("Nikolai", "Николай"),
    ("Yelena", "Елена"),
    ("Mikhail", "Михаил"),
    ("Tatiana", "Татьяна"),
    ("Pavel", "Павел"),
    ("Irina", "Ирина"),
];
const RU_LAST: &[(&str, &str)] = &[
    ("Lavrov", "Лавров"),
    ("Dmitriev", "Дмитриев"),
    ("Petrov", "Петров"),
    ("Ivanova", "Иванова"),
    ("Sokolov", "Соколов"),
    ("Volkova", "Волкова"),
    ("Lavrentiev", "Лаврентьев"),
    ("Kuznetsov", "Кузнецов"),
    ("Orlova", "Орлова"),
    ("Lebedev", "Лебедев"),
    ("Lavrova", "Лаврова"),
    ("Morozov", "Морозов"),
    ("Novikova", "Новикова"),
    ("Fyodorov", "Фёдоров"),
];
const OTHER_FIRST: &[&str] = &[
    "Múte", "Søren", "Åsa", "Björn", "Jørgen", "Ingrid", "Sigrún", "Élise", "Raúl", "Zoë", "Anaïs",
    "Jürgen", "Łukasz", "John", "Mary", "Kevin", "Sarah", "Mette", "Jonas", "Aaja", "Kim", "Erna",
    "Katrín", "Mika", "Sanna", "Justin", "Mélanie", "Antony",
];
const OTHER_LAST: &[&str] = &[
    "Egede",
    "Frederiksen",
    "Støre",
    "Løkke",
    "Ólafsdóttir",
    "Håkansson",
    "Nørgaard",
    "Müller",
    "Kowalczyk",
    "Lavoie",
    "Tremblay",
    "Ahlström",
    "Bourup",
    "Smith",
    "Johnson",
    "Harper",
    "Chemnitz",
    "Stoltenberg",
    "Marin",
    "Jakobsdóttir",
    "Kristersson",
    "Niinistö",
    "Blinken",
    "Rutte",
    "Joly",
    "Orpo",
];
const PLACES: &[&str] = &[
    "Tromsø",
    "Reykjavík",
    "Nuuk",
    "Murmansk",
    "Istanbul",
    "Riyadh",
    "Oslo",
    "Helsinki",
    "Kirkenes",
    "Arkhangelsk",
    "Ottawa",
    "Anchorage",
    "Rovaniemi",
    "Longyearbyen",
    "Geneva",
];
const TOPICS: &[&str] = &[
    "energy exploration",
    "shipping routes",
    "fisheries",
    "mineral rights",
    "search and rescue",
    "embassy staffing",
    "sanctions",
    "military readiness",
    "climate research",
    "indigenous rights",
    "LNG exports",
    "icebreakers",
    "undersea cables",
    "Polar Silk Road",
];
const TAGS: &[&str] = &[
    "energy",
    "diplomacy",
    "military",
    "trade-routes",
    "climate",
    "fishing",
    "minerals",
    "sanctions",
];
const VERBS: &[&str] = &[
    "said that",
    "suggested that",
    "confirmed that",
    "denied that",
    "warned that",
    "hinted that",
    "told reporters that",
    "argued that",
];
const CLAUSES: &[&str] = &[
    "cooperation on Arctic energy projects was discussed at length",
    "new shipping lanes along the Northern Sea Route would open within the decade",
    "the talks had stalled over sanctions relief and access to ports",
    "both sides were willing to explore joint ventures in mineral extraction",
    "surveillance flights over the Barents Sea had increased sharply",
    "fisheries quotas would be renegotiated before the next season",
    "an agreement on search and rescue coordination was close",
    "the alliance would expand military readiness in the High North",
];
const ACTOR_KINDS: &[&str] = &[
    "person",
    "person",
    "person",
    "person",
    "person",
    "person",
    "state",
    "organisation",
    "group",
    "anonymous",
];
const MEETING_STATUS: &[&str] = &[
    "proposed",
    "scheduled",
    "held",
    "held",
    "held",
    "ongoing",
    "cancelled",
];
const MODES: &[&str] = &[
    "quote",
    "paraphrase",
    "paraphrase",
    "assessment",
    "background",
];
const CLAIM_STATUS: &[&str] = &[
    "reported",
    "reported",
    "reported",
    "confirmed",
    "disputed",
    "denied",
    "retracted",
];

/// A double-quoted YAML scalar.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn date(rng: &mut Rng) -> String {
    let year = 2015 + rng.below(12);
    match rng.below(4) {
        0 => format!("{year}"),
        1 => format!("{year}-{:02}", 1 + rng.below(12)),
        _ => format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
    }
}

struct Person {
    name: String,
    aliases: Vec<String>,
}

fn person(rng: &mut Rng) -> Person {
    if rng.chance(45) {
        let (f, fc) = *rng.pick(RU_FIRST);
        let (l, lc) = *rng.pick(RU_LAST);
        let mut aliases = Vec::new();
        let n = rng.below(4);
        let options = [
            format!("{fc} {lc}"),
            l.to_string(),
            format!("{}. {l}", &f[..1]),
            lc.to_string(),
        ];
        for alias in options.into_iter().take(n) {
            aliases.push(alias);
        }
        Person {
            name: format!("{f} {l}"),
            aliases,
        }
    } else {
        let f = rng.pick(OTHER_FIRST);
        let l = rng.pick(OTHER_LAST);
        let mut aliases = Vec::new();
        let n = rng.below(4);
        let first_letter: String = f.chars().take(1).collect();
        let options = [
            l.to_string(),
            format!("{f} {} {l}", rng.pick(OTHER_LAST)),
            format!("{first_letter}. {l}"),
        ];
        for alias in options.into_iter().take(n) {
            aliases.push(alias);
        }
        Person {
            name: format!("{f} {l}"),
            aliases,
        }
    }
}

fn slug_or(name: &str, fallback: &str) -> String {
    super::model::slugify(name).unwrap_or_else(|| fallback.to_string())
}

/// Writes the KB into `dir` (created; an existing non-empty directory is refused).
pub fn write_kb(dir: &Path, p: &Params) -> io::Result<Stats> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "directory is not empty",
        ));
    }
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng(p.seed);
    let n = p.actors.max(1);
    let n_meetings = (n / 2).max(1);
    let n_claims = n * 2;
    let n_sources = (n / 10).max(1);
    let mut actor_ids = Vec::with_capacity(n);
    let mut media = Vec::new();
    let mut actor_docs = Vec::with_capacity(n);
    for i in 0..n {
        let kind = if i % 20 == 0 {
            "media"
        } else {
            *rng.pick(ACTOR_KINDS)
        };
        let person = person(&mut rng);
        let name = match kind {
            "person" | "anonymous" => person.name.clone(),
            "media" => format!(
                "{} {}",
                rng.pick(OTHER_LAST),
                rng.pick(&["Post", "Observer", "Times", "Review", "Radio"])
            ),
            "state" => format!("State of {}", rng.pick(PLACES)),
            _ => format!(
                "{} {}",
                rng.pick(PLACES),
                rng.pick(&["Council", "Institute", "Fund", "Forum", "Ministry"])
            ),
        };
        let id = format!("{}-{i}", slug_or(&name, "actor"));
        let mut s = String::with_capacity(400);
        let _ = writeln!(s, "  - id: {id}\n    name: {}\n    kind: {kind}", q(&name));
        if kind == "person" && !person.aliases.is_empty() {
            let list: Vec<String> = person.aliases.iter().map(|a| q(a)).collect();
            let _ = writeln!(s, "    aliases: [{}]", list.join(", "));
        } else if kind != "person" && kind != "anonymous" && rng.chance(90) {
            // Organisations and states go by their initials: "Oslo Fund" -> "OF".
            let initials: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
            let _ = writeln!(s, "    aliases: [{}]", q(&initials.to_uppercase()));
        }
        if kind == "person" {
            let _ = writeln!(
                s,
                "    role: {}",
                q(&format!("Envoy for {}", rng.pick(TOPICS)))
            );
        }
        if i > 0 && rng.chance(30) {
            let _ = writeln!(s, "    affiliations: [{}]", actor_ids[rng.below(i)]);
        }
        let _ = writeln!(s, "    tags: [{}]", rng.pick(TAGS));
        let _ = writeln!(
            s,
            "    summary: {}",
            q(&format!(
                "Active on {} and {} since {}.",
                rng.pick(TOPICS),
                rng.pick(TOPICS),
                2000 + rng.below(25)
            ))
        );
        if kind == "media" {
            media.push(i);
        }
        actor_ids.push(id);
        actor_docs.push(s);
    }
    let mut source_ids = Vec::with_capacity(n_sources);
    let mut source_docs = Vec::with_capacity(n_sources);
    for i in 0..n_sources {
        let id = format!("source-{i}");
        let mut s = String::new();
        let _ = writeln!(
            s,
            "  - id: {id}\n    title: {}",
            q(&format!(
                "Report on {} in {}",
                rng.pick(TOPICS),
                rng.pick(PLACES)
            ))
        );
        if !media.is_empty() {
            let _ = writeln!(s, "    publisher: {}", actor_ids[*rng.pick(&media)]);
        }
        let author = person(&mut rng).name;
        let _ = writeln!(
            s,
            "    author: {}\n    published: {}",
            q(&author),
            date(&mut rng)
        );
        let _ = writeln!(
            s,
            "    url: https://example.org/{i}\n    via: {}\n    reliability: {}",
            q("wire services"),
            rng.pick(&["A", "B", "C", "D", "E", "F"])
        );
        source_ids.push(id);
        source_docs.push(s);
    }
    let mut meeting_ids = Vec::with_capacity(n_meetings);
    let mut meeting_docs = Vec::with_capacity(n_meetings);
    for i in 0..n_meetings {
        let place = rng.pick(PLACES);
        let topic = rng.pick(TOPICS);
        let id = format!("meeting-{i}");
        let mut parts: Vec<&str> = Vec::new();
        let want = 2 + rng.below(5);
        while parts.len() < want.min(n) {
            let a = actor_ids[rng.below(n)].as_str();
            if !parts.contains(&a) {
                parts.push(a);
            }
        }
        let mut s = String::new();
        let _ = writeln!(
            s,
            "  - id: {id}\n    title: {}\n    status: {}",
            q(&format!("Talks on {topic} in {place}")),
            rng.pick(MEETING_STATUS)
        );
        let _ = writeln!(s, "    participants: [{}]", parts.join(", "));
        if rng.chance(80) {
            let _ = writeln!(s, "    date: {}", date(&mut rng));
        }
        let second_topic = *rng.pick(TOPICS);
        // A list names each entry once: the loader refuses a repeat.
        let topics = if second_topic == *topic {
            q(topic)
        } else {
            format!("{}, {}", q(topic), q(second_topic))
        };
        let _ = writeln!(s, "    place: {}\n    topics: [{topics}]", q(place));
        let _ = writeln!(
            s,
            "    summary: {}",
            q(&format!(
                "Delegations met in {place} to discuss {topic}; {}.",
                rng.pick(CLAUSES)
            ))
        );
        let _ = writeln!(s, "    sources: [{}]", source_ids[rng.below(n_sources)]);
        meeting_ids.push(id);
        meeting_docs.push(s);
    }
    let mut claim_docs = Vec::with_capacity(n_claims);
    for i in 0..n_claims {
        let mut s = String::new();
        let by = rng.below(n);
        let text = format!(
            "Officials {} {}, and {} {}.",
            rng.pick(VERBS),
            rng.pick(CLAUSES),
            rng.pick(&[
                "observers noted that",
                "analysts added that",
                "sources said"
            ]),
            rng.pick(CLAUSES)
        );
        let _ = writeln!(
            s,
            "  - id: claim-{i}\n    text: {}\n    by: {}\n    source: {}",
            q(&text),
            actor_ids[by],
            source_ids[rng.below(n_sources)]
        );
        if rng.chance(60) {
            let about = rng.below(n);
            if about != by {
                let _ = writeln!(s, "    about: [{}]", actor_ids[about]);
            }
        }
        if rng.chance(50) {
            let _ = writeln!(s, "    meeting: {}", meeting_ids[rng.below(n_meetings)]);
        }
        if rng.chance(50) {
            let _ = writeln!(s, "    date: {}", date(&mut rng));
        }
        let grade = format!(
            "{}{}",
            rng.pick(&["A", "B", "C", "D", "E", "F"]),
            1 + rng.below(6)
        );
        let _ = writeln!(
            s,
            "    mode: {}\n    status: {}\n    grade: {grade}",
            rng.pick(MODES),
            rng.pick(CLAIM_STATUS)
        );
        if i > 0 && rng.chance(5) {
            let _ = writeln!(s, "    contradicts: [claim-{}]", rng.below(i));
        } else if i > 0 && rng.chance(5) {
            let _ = writeln!(s, "    supports: [claim-{}]", rng.below(i));
        }
        let _ = writeln!(s, "    tags: [{}]", rng.pick(TAGS));
        claim_docs.push(s);
    }
    let mut stats = Stats::default();
    for (section, docs) in [
        ("actors", actor_docs),
        ("meetings", meeting_docs),
        ("claims", claim_docs),
        ("sources", source_docs),
    ] {
        let per_file = docs.len().div_ceil(p.files.max(1)).max(1);
        for (k, chunk) in docs.chunks(per_file).enumerate() {
            let mut text = format!("{section}:\n");
            for d in chunk {
                text.push_str(d);
            }
            let path = dir.join(format!("{section}-{k:03}.yaml"));
            std::fs::write(&path, &text)?;
            stats.files += 1;
            stats.bytes += text.len() as u64;
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_kb_loads_with_the_promised_counts() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("kb");
        write_kb(
            &out,
            &Params {
                actors: 200,
                files: 3,
                seed: 7,
            },
        )
        .unwrap();
        let kb = crate::kb::load_path(&out).unwrap_or_else(|e| panic!("{}", e.render()));
        assert_eq!(kb.actors().len(), 200);
        assert_eq!(kb.meetings().len(), 100);
        assert_eq!(kb.claims().len(), 400);
        assert_eq!(kb.sources().len(), 20);
        assert!(kb.actors().iter().any(|a| {
            a.aliases
                .iter()
                .any(|x| x.chars().any(|c| ('а'..='я').contains(&c)))
        }));
        assert!(
            kb.meetings()
                .iter()
                .all(|m| (2..=6).contains(&m.participants.len()))
        );
        // Same seed, same KB.
        let again = dir.path().join("again");
        write_kb(
            &again,
            &Params {
                actors: 200,
                files: 3,
                seed: 7,
            },
        )
        .unwrap();
        assert_eq!(
            std::fs::read(out.join("claims-000.yaml")).unwrap(),
            std::fs::read(again.join("claims-000.yaml")).unwrap()
        );
        assert!(
            write_kb(
                &out,
                &Params {
                    actors: 1,
                    files: 1,
                    seed: 1
                }
            )
            .is_err(),
            "refuses a non-empty dir"
        );
    }
}
