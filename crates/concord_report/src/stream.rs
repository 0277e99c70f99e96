//! JSON arrays written as they are made.

/// A JSON array whose items are made while it is written, so a run with many findings never
/// holds them all as JSON values at once. `F` makes the items afresh each time.
pub(crate) struct Stream<F>(pub F);

impl<F, I> serde::Serialize for Stream<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}
