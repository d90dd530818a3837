//! Sorting with little code, for the reader.
//!
//! The standard library's sorts are generic code instantiated for every
//! element type and comparison: they were 45 KB of the 212 KB of code in
//! the WebAssembly module. Here one heap sort of indexes, with the
//! comparison behind a `dyn`, serves every sort of the reader; ties keep
//! their order (the index breaks them), so it sorts stably.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`.
pub(crate) fn sort_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    heap_sort(&mut order, &mut |a, b| {
        cmp(&v[a as usize], &v[b as usize]).then(a.cmp(&b)) == Ordering::Less
    });
    let mut items: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .iter()
            .map(|&i| items[i as usize].take().expect("a permutation")),
    );
}

/// Sorts `v` by a key, stably.
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` and removes repeated items.
pub(crate) fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
    v.dedup();
}

fn heap_sort(v: &mut [u32], less: &mut dyn FnMut(u32, u32) -> bool) {
    fn sift(v: &mut [u32], mut node: usize, end: usize, less: &mut dyn FnMut(u32, u32) -> bool) {
        loop {
            let mut child = 2 * node + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && less(v[child], v[child + 1]) {
                child += 1;
            }
            if !less(v[node], v[child]) {
                return;
            }
            v.swap(node, child);
            node = child;
        }
    }
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift(v, i, n, less);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end, less);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        // A pseudo-random sequence with many ties.
        let mut x: u32 = 12345;
        let items: Vec<(u32, usize)> = (0..1000)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                ((x >> 16) % 37, i)
            })
            .collect();
        for len in [0, 1, 2, 3, 10, 1000] {
            let mut ours = items[..len].to_vec();
            let mut std = ours.clone();
            sort_by_key(&mut ours, |p| p.0);
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std, "{len}");
        }
        let mut words = vec!["b", "a", "c", "a", "b"];
        sort_dedup(&mut words);
        assert_eq!(words, ["a", "b", "c"]);
    }
}
