//! The tantivy schema (feature `indexing`): the searchable text fields of
//! `compact::FIELDS`, in that order, nothing stored.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, SchemaBuilder, TextFieldIndexing, TextOptions,
};

use crate::compact::FIELDS;

/// Name under which the index analyzer is registered.
pub(crate) const INDEX_ANALYZER: &str = "sv";

pub(crate) fn build_schema() -> (Schema, [Field; FIELDS]) {
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(INDEX_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions)
            .set_fieldnorms(true),
    );
    let mut b = SchemaBuilder::new();
    let fields =
        ["namn", "org", "context", "beskrivning"].map(|name| b.add_text_field(name, text.clone()));
    (b.build(), fields)
}
