//! A stand-in for `smallvec`: `SmallVec<[T; N]>` as a Vec (inline storage changes no number).
use std::ops::{Deref, DerefMut};

pub trait Array {
    type Item;
}
impl<T, const N: usize> Array for [T; N] {
    type Item = T;
}

pub struct SmallVec<A: Array>(Vec<A::Item>);

impl<A: Array> SmallVec<A> {
    pub fn new() -> Self {
        SmallVec(Vec::new())
    }
    pub fn with_capacity(n: usize) -> Self {
        SmallVec(Vec::with_capacity(n))
    }
    pub fn from_vec(v: Vec<A::Item>) -> Self {
        SmallVec(v)
    }
    pub fn push(&mut self, x: A::Item) {
        self.0.push(x)
    }
    pub fn pop(&mut self) -> Option<A::Item> {
        self.0.pop()
    }
    pub fn insert(&mut self, i: usize, x: A::Item) {
        self.0.insert(i, x)
    }
    pub fn remove(&mut self, i: usize) -> A::Item {
        self.0.remove(i)
    }
    pub fn clear(&mut self) {
        self.0.clear()
    }
    pub fn truncate(&mut self, n: usize) {
        self.0.truncate(n)
    }
    pub fn retain<F: FnMut(&mut A::Item) -> bool>(&mut self, f: F) {
        self.0.retain_mut(f)
    }
    pub fn extend_from_slice(&mut self, s: &[A::Item])
    where
        A::Item: Clone,
    {
        self.0.extend_from_slice(s)
    }
    pub fn resize(&mut self, n: usize, x: A::Item)
    where
        A::Item: Clone,
    {
        self.0.resize(n, x)
    }
    pub fn into_vec(self) -> Vec<A::Item> {
        self.0
    }
    pub fn to_vec(&self) -> Vec<A::Item>
    where
        A::Item: Clone,
    {
        self.0.clone()
    }
    pub fn as_slice(&self) -> &[A::Item] {
        &self.0
    }
    pub fn drain(&mut self, r: std::ops::RangeFull) -> std::vec::Drain<'_, A::Item> {
        self.0.drain(r)
    }
}

impl<A: Array> Default for SmallVec<A> {
    fn default() -> Self {
        SmallVec::new()
    }
}
impl<A: Array> Clone for SmallVec<A>
where
    A::Item: Clone,
{
    fn clone(&self) -> Self {
        SmallVec(self.0.clone())
    }
}
impl<A: Array> std::fmt::Debug for SmallVec<A>
where
    A::Item: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
impl<A: Array> PartialEq for SmallVec<A>
where
    A::Item: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<A: Array> Deref for SmallVec<A> {
    type Target = [A::Item];
    fn deref(&self) -> &[A::Item] {
        &self.0
    }
}
impl<A: Array> DerefMut for SmallVec<A> {
    fn deref_mut(&mut self) -> &mut [A::Item] {
        &mut self.0
    }
}
impl<A: Array> FromIterator<A::Item> for SmallVec<A> {
    fn from_iter<I: IntoIterator<Item = A::Item>>(it: I) -> Self {
        SmallVec(it.into_iter().collect())
    }
}
impl<A: Array> Extend<A::Item> for SmallVec<A> {
    fn extend<I: IntoIterator<Item = A::Item>>(&mut self, it: I) {
        self.0.extend(it)
    }
}
impl<A: Array> IntoIterator for SmallVec<A> {
    type Item = A::Item;
    type IntoIter = std::vec::IntoIter<A::Item>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
impl<'a, A: Array> IntoIterator for &'a SmallVec<A> {
    type Item = &'a A::Item;
    type IntoIter = std::slice::Iter<'a, A::Item>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
impl<'a, A: Array> IntoIterator for &'a mut SmallVec<A> {
    type Item = &'a mut A::Item;
    type IntoIter = std::slice::IterMut<'a, A::Item>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut()
    }
}
impl<A: Array> From<Vec<A::Item>> for SmallVec<A> {
    fn from(v: Vec<A::Item>) -> Self {
        SmallVec(v)
    }
}

#[macro_export]
macro_rules! smallvec {
    ($elem:expr; $n:expr) => { $crate::SmallVec::from_vec(vec![$elem; $n]) };
    ($($x:expr),* $(,)?) => { $crate::SmallVec::from_vec(vec![$($x),*]) };
}
