//! The link index: every relation of the KB, forward and backward, built once after load.
//! Stored as compressed adjacency lists (one offsets array and one flat targets array per relation),
//! so a lookup is O(1) and the whole index is a handful of allocations even at 100k actors.

use super::model::*;

/// For each of `n` sources, the targets linked from it, in KB order.
#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Adjacency<T> {
    offsets: Vec<u32>,
    targets: Vec<T>,
}

impl<T> Default for Adjacency<T> {
    fn default() -> Self {
        Adjacency {
            offsets: Vec::new(),
            targets: Vec::new(),
        }
    }
}

impl<T: Copy> Adjacency<T> {
    /// Builds from `(from, to)` pairs; `from` is an index below `n`. Order of pairs per source is kept.
    pub fn build(n: usize, pairs: &[(u32, T)]) -> Self {
        let mut offsets = vec![0u32; n + 1];
        for (from, _) in pairs {
            offsets[*from as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut targets: Vec<Option<T>> = vec![None; pairs.len()];
        for (from, to) in pairs {
            let slot = &mut next[*from as usize];
            targets[*slot as usize] = Some(*to);
            *slot += 1;
        }
        Adjacency {
            offsets,
            targets: targets.into_iter().flatten().collect(),
        }
    }

    pub fn get(&self, from: usize) -> &[T] {
        match (self.offsets.get(from), self.offsets.get(from + 1)) {
            (Some(&a), Some(&b)) => &self.targets[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Backlinks (the forward links live on the entities themselves).
#[derive(Debug, Clone, Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Links {
    pub actor_meetings: Adjacency<MeetingId>,
    /// Meetings an actor's claims concern (Lavrov announced the Istanbul meeting without taking
    /// part in it as far as the source says), each once.
    pub actor_meetings_spoken: Adjacency<MeetingId>,
    pub actor_claims_made: Adjacency<ClaimId>,
    pub actor_claims_about: Adjacency<ClaimId>,
    pub actor_sources_published: Adjacency<SourceId>,
    /// Sources that came through the actor (`relayed_by`).
    pub actor_sources_relayed: Adjacency<SourceId>,
    pub actor_affiliates: Adjacency<ActorId>,
    pub meeting_claims: Adjacency<ClaimId>,
    pub source_claims: Adjacency<ClaimId>,
    pub source_meetings: Adjacency<MeetingId>,
    pub claim_supported_by: Adjacency<ClaimId>,
    pub claim_contradicted_by: Adjacency<ClaimId>,
    pub claim_qualified_by: Adjacency<ClaimId>,
}

impl Links {
    pub(crate) fn build(
        actors: &[Actor],
        meetings: &[Meeting],
        claims: &[Claim],
        sources: &[Source],
    ) -> Links {
        let (na, nm, nc, ns) = (actors.len(), meetings.len(), claims.len(), sources.len());
        let mut meetings_of = Vec::new();
        let mut sources_cited = Vec::new();
        for (i, m) in meetings.iter().enumerate() {
            let id = MeetingId(i as u32);
            meetings_of.extend(m.participants.iter().map(|a| (a.0, id)));
            sources_cited.extend(m.sources.iter().map(|s| (s.0, id)));
        }
        let mut made = Vec::with_capacity(nc);
        let mut about = Vec::new();
        let mut at_meeting = Vec::new();
        let mut reported = Vec::with_capacity(nc);
        let (mut supported, mut contradicted, mut qualified) = (Vec::new(), Vec::new(), Vec::new());
        for (i, c) in claims.iter().enumerate() {
            let id = ClaimId(i as u32);
            made.push((c.by.0, id));
            reported.push((c.source.0, id));
            about.extend(c.about.iter().map(|a| (a.0, id)));
            if let Some(m) = c.meeting {
                at_meeting.push((m.0, id));
            }
            supported.extend(c.supports.iter().map(|t| (t.0, id)));
            contradicted.extend(c.contradicts.iter().map(|t| (t.0, id)));
            qualified.extend(c.qualifies.iter().map(|t| (t.0, id)));
        }
        let mut spoken: Vec<(u32, MeetingId)> = claims
            .iter()
            .filter_map(|c| c.meeting.map(|m| (c.by.0, m)))
            .collect();
        spoken.sort_unstable();
        spoken.dedup();
        let (mut published, mut relayed) = (Vec::new(), Vec::new());
        for (i, s) in sources.iter().enumerate() {
            let id = SourceId(i as u32);
            if let Some(p) = s.publisher {
                published.push((p.0, id));
            }
            relayed.extend(s.relayed_by.iter().map(|a| (a.0, id)));
        }
        let mut affiliates = Vec::new();
        for (i, a) in actors.iter().enumerate() {
            affiliates.extend(a.affiliations.iter().map(|t| (t.0, ActorId(i as u32))));
        }
        Links {
            actor_meetings: Adjacency::build(na, &meetings_of),
            actor_meetings_spoken: Adjacency::build(na, &spoken),
            actor_claims_made: Adjacency::build(na, &made),
            actor_claims_about: Adjacency::build(na, &about),
            actor_sources_published: Adjacency::build(na, &published),
            actor_sources_relayed: Adjacency::build(na, &relayed),
            actor_affiliates: Adjacency::build(na, &affiliates),
            meeting_claims: Adjacency::build(nm, &at_meeting),
            source_claims: Adjacency::build(ns, &reported),
            source_meetings: Adjacency::build(ns, &sources_cited),
            claim_supported_by: Adjacency::build(nc, &supported),
            claim_contradicted_by: Adjacency::build(nc, &contradicted),
            claim_qualified_by: Adjacency::build(nc, &qualified),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacency_keeps_order_and_handles_empty_rows() {
        let adj = Adjacency::build(4, &[(2, 'a'), (0, 'b'), (2, 'c'), (3, 'd')]);
        assert_eq!(adj.get(0), &['b']);
        assert_eq!(adj.get(1), &[] as &[char]);
        assert_eq!(adj.get(2), &['a', 'c']);
        assert_eq!(adj.get(3), &['d']);
        assert_eq!(adj.get(9), &[] as &[char]);
    }
}
