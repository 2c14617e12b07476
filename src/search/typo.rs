//! Typo rescue: when a query finds nothing good, names and aliases whose words are within a small
//! edit distance of the query's words (`lavorv` -> Lavrov, `dmitirev` -> Dmitriev, `frederikson`
//! -> Frederiksen) are offered as "did you mean". The distance counts insertions, deletions,
//! substitutions and swaps of neighbours (optimal string alignment), bounded so each comparison
//! costs at most a few hundred steps.

/// Words compared are at most this many characters (longer ones are never rescued).
const MAX_WORD: usize = 48;

/// The edits allowed for a query word of `len` characters: none below 4 (the word must then
/// start a word of the name), one up to 5, two beyond.
pub(crate) fn budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

/// The optimal-string-alignment distance between `a` and `b` if it is at most `k`.
pub(crate) fn distance_within(a: &[char], b: &[char], k: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > k || a.len() > MAX_WORD || b.len() > MAX_WORD {
        return None;
    }
    let w = b.len() + 1;
    // Row `i` of the table lives in `rows[i % 3]`: two back (for swaps), one back, this one.
    let mut rows = [[0usize; MAX_WORD + 1]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i;
        let mut row_min = i;
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = d;
            row_min = row_min.min(d);
        }
        if row_min > k {
            return None;
        }
    }
    let d = rows[a.len() % 3][b.len()];
    (d <= k).then_some(d)
}

/// The words of `text` (runs of letters and digits) with their first character index.
fn words(text: &str) -> impl Iterator<Item = (usize, Vec<char>)> + '_ {
    let mut out = Vec::new();
    let mut cur: Vec<char> = Vec::new();
    let mut start = 0;
    for (at, c) in text.chars().enumerate() {
        if c.is_alphanumeric() {
            if cur.is_empty() {
                start = at;
            }
            cur.push(c);
        } else if !cur.is_empty() {
            out.push((start, std::mem::take(&mut cur)));
        }
    }
    if !cur.is_empty() {
        out.push((start, cur));
    }
    out.into_iter()
}

/// How close `query` (its words, each as characters) comes to `text`: the total edits when every
/// query word is within its [`budget`] of some word of `text` (a short word must start one), and
/// the character indices of the words of `text` that matched.
pub(crate) fn rescue(text: &str, query: &[Vec<char>]) -> Option<(usize, Vec<usize>)> {
    if query.is_empty() {
        return None;
    }
    let have: Vec<(usize, Vec<char>)> = words(text).collect();
    let mut total = 0;
    let mut marks = Vec::new();
    for q in query {
        let k = budget(q.len());
        let best = have
            .iter()
            .filter_map(|(at, w)| {
                let d = if k == 0 {
                    w.starts_with(q).then_some(0)
                } else {
                    distance_within(q, w, k)
                }?;
                Some((d, *at, w.len()))
            })
            .min()?;
        total += best.0;
        marks.extend(best.1..best.1 + best.2);
    }
    // No edit at all happens when only the case differs (`LAVROV` typed with the caps lock on).
    marks.sort_unstable();
    marks.dedup();
    Some((total, marks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, k: usize) -> Option<usize> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        distance_within(&a, &b, k)
    }

    fn chars(words: &[&str]) -> Vec<Vec<char>> {
        words.iter().map(|w| w.chars().collect()).collect()
    }

    #[test]
    fn transpositions_and_edits() {
        assert_eq!(d("lavorv", "lavrov", 2), Some(1));
        assert_eq!(d("dmitirev", "dmitriev", 2), Some(1));
        assert_eq!(d("frederikson", "frederiksen", 2), Some(1));
        assert_eq!(d("lavrov", "lavrov", 2), Some(0));
        assert_eq!(d("abcd", "dcba", 2), None);
        assert_eq!(d("", "ab", 2), Some(2));
        assert_eq!(d("ab", "", 2), Some(2));
        assert_eq!(d("", "", 0), Some(0));
        assert_eq!(d("kitten", "sitting", 3), Some(3));
        assert_eq!(d("kitten", "sitting", 2), None);
        assert_eq!(d("лавров", "лавроф", 1), Some(1));
        let long: String = "a".repeat(60);
        assert_eq!(d(&long, &long, 2), None, "too long to compare");
    }

    #[test]
    fn rescue_marks_the_words() {
        assert_eq!(
            rescue("sergei lavrov", &chars(&["lavorv"])),
            Some((1, vec![7, 8, 9, 10, 11, 12]))
        );
        assert_eq!(
            rescue("sergei lavrov", &chars(&["lavrov"])).map(|r| r.0),
            Some(0)
        );
        assert_eq!(
            rescue("sergei lavrov", &chars(&["ser", "lavorv"])).map(|r| r.0),
            Some(1)
        );
        assert_eq!(rescue("sergei lavrov", &chars(&["xer", "lavorv"])), None);
        assert_eq!(
            rescue("sergei lavrov", &chars(&["lvrvo"])),
            None,
            "two edits on five letters"
        );
    }
}
