//! Maximum bipartite matching by Hopcroft-Karp on a compressed adjacency, warm-startable.
//!
//! The bottleneck decision procedure calls this once per candidate threshold; it passes in the
//! matching found at the previous threshold (minus the edges that became too long), so most calls
//! only need a few augmenting phases. The search is iterative: no recursion, so the depth of an
//! augmenting path cannot overflow a small (embedded) stack.

use alloc::vec;
use alloc::vec::Vec;

/// Marks an unmatched vertex.
pub(crate) const NONE: u32 = u32::MAX;

/// Left vertex `l` has neighbours `adj[start[l]..start[l + 1]]` (right vertex indices).
pub(crate) struct Csr {
    pub(crate) start: Vec<usize>,
    pub(crate) adj: Vec<u32>,
}

impl Csr {
    fn neighbours(&self, l: usize) -> &[u32] {
        let (a, b) = (self.start[l], self.start[l + 1]);
        &self.adj[a..b]
    }

    fn n_left(&self) -> usize {
        self.start.len().saturating_sub(1)
    }
}

/// Grows the matching `mate_l`/`mate_r` (which must be a valid matching on `g`'s edges) to a
/// maximum matching and returns its size.
pub(crate) fn hopcroft_karp(g: &Csr, mate_l: &mut [u32], mate_r: &mut [u32]) -> usize {
    let n = g.n_left();
    debug_assert_eq!(mate_l.len(), n);
    const INF: u32 = u32::MAX;
    let mut dist = vec![INF; n];
    let mut queue: Vec<u32> = Vec::with_capacity(n);
    let mut next_edge = vec![0usize; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut via: Vec<u32> = Vec::new();
    loop {
        // BFS: layer the left vertices by alternating-path distance from the free ones.
        queue.clear();
        for l in 0..n {
            if mate_l[l] == NONE {
                dist[l] = 0;
                queue.push(l as u32);
            } else {
                dist[l] = INF;
            }
        }
        let mut found = false;
        let mut head = 0;
        while head < queue.len() {
            let u = queue[head] as usize;
            head += 1;
            for &v in g.neighbours(u) {
                let w = mate_r[v as usize];
                if w == NONE {
                    found = true;
                } else if dist[w as usize] == INF {
                    dist[w as usize] = dist[u] + 1;
                    queue.push(w);
                }
            }
        }
        if !found {
            break;
        }
        // DFS along the layers from every free left vertex, vertex-disjoint paths.
        next_edge[..n].copy_from_slice(&g.start[..n]);
        for root in 0..n {
            if mate_l[root] != NONE {
                continue;
            }
            stack.clear();
            via.clear();
            stack.push(root as u32);
            while let Some(&top) = stack.last() {
                let u = top as usize;
                let end = g.start[u + 1];
                let mut advanced = false;
                while next_edge[u] < end {
                    let v = g.adj[next_edge[u]];
                    next_edge[u] += 1;
                    let w = mate_r[v as usize];
                    if w == NONE {
                        // Augment: flip every edge on the path root .. u -> v.
                        via.push(v);
                        for (k, &lu) in stack.iter().enumerate() {
                            let rv = via[k];
                            mate_l[lu as usize] = rv;
                            mate_r[rv as usize] = lu;
                        }
                        stack.clear();
                        advanced = true;
                        break;
                    }
                    if dist[w as usize] == dist[u].wrapping_add(1) {
                        via.push(v);
                        stack.push(w);
                        advanced = true;
                        break;
                    }
                }
                if !advanced {
                    // Dead end: never visit `u` again in this phase.
                    dist[u] = INF;
                    stack.pop();
                    via.pop();
                }
            }
        }
    }
    mate_l.iter().filter(|&&m| m != NONE).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csr(lists: &[&[u32]]) -> Csr {
        let mut start = vec![0];
        let mut adj = Vec::new();
        for l in lists {
            adj.extend_from_slice(l);
            start.push(adj.len());
        }
        Csr { start, adj }
    }

    #[test]
    fn finds_augmenting_path_through_greedy_choice() {
        // Greedy would match 0-0 and leave 1 unmatched; the maximum matching is 0-1, 1-0.
        let g = csr(&[&[0, 1], &[0]]);
        let (mut ml, mut mr) = (vec![0, NONE], vec![0, NONE]);
        assert_eq!(hopcroft_karp(&g, &mut ml, &mut mr), 2);
        assert_eq!(ml, vec![1, 0]);
        assert_eq!(mr, vec![1, 0]);
    }

    #[test]
    fn deficient_graph_by_hall() {
        // Three left vertices share two right vertices: the maximum is 2.
        let g = csr(&[&[0, 1], &[0, 1], &[1, 0]]);
        let (mut ml, mut mr) = (vec![NONE; 3], vec![NONE; 2]);
        assert_eq!(hopcroft_karp(&g, &mut ml, &mut mr), 2);
    }

    #[test]
    fn long_alternating_chain() {
        // l_i adjacent to r_i and r_{i+1}; warm start l_i - r_{i+1} for i < n-1 leaves l_{n-1}
        // free and r_0 free: the only augmenting path runs through the whole chain.
        // Miri interprets every step of the chain: a shorter one there.
        let n = if cfg!(miri) { 200 } else { 2000 };
        let lists: Vec<Vec<u32>> = (0..n)
            .map(|i| {
                if i + 1 < n {
                    vec![i as u32, i as u32 + 1]
                } else {
                    vec![i as u32]
                }
            })
            .collect();
        let refs: Vec<&[u32]> = lists.iter().map(|v| v.as_slice()).collect();
        let g = csr(&refs);
        let mut ml = vec![NONE; n];
        let mut mr = vec![NONE; n];
        for i in 0..n - 1 {
            ml[i] = i as u32 + 1;
            mr[i + 1] = i as u32;
        }
        ml[n - 1] = NONE;
        mr[n - 1] = n as u32 - 2;
        assert_eq!(hopcroft_karp(&g, &mut ml, &mut mr), n);
        assert!((0..n).all(|i| ml[i] == i as u32));
    }
}
