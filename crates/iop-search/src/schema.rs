//! The tantivy schema: four searchable text fields, nothing stored.
//!
//! What results show and what facets count lives in the bundle's own table
//! (see `bundle.rs`), indexed by document id; tantivy only answers which
//! documents match and how well.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, SchemaBuilder, TextFieldIndexing, TextOptions,
};

use crate::analysis::INDEX_ANALYZER;

/// Field handles, resolved once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// The partnership's name.
    pub namn: Field,
    /// Organisation display names, aliases and parent organisations.
    pub org: Field,
    /// Where and who on the public side: kommun, region, organ; and the
    /// focus areas.
    pub context: Field,
    /// The description, and what the organisations are (theirs).
    pub beskrivning: Field,
}

/// Relative weight of a match in each field.
pub(crate) const BOOST_NAMN: f32 = 3.0;
pub(crate) const BOOST_ORG: f32 = 2.5;
pub(crate) const BOOST_CONTEXT: f32 = 1.5;
pub(crate) const BOOST_BESKRIVNING: f32 = 1.0;

impl Fields {
    pub fn weighted(&self) -> [(Field, f32); 4] {
        [
            (self.namn, BOOST_NAMN),
            (self.org, BOOST_ORG),
            (self.context, BOOST_CONTEXT),
            (self.beskrivning, BOOST_BESKRIVNING),
        ]
    }

    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            namn: schema.get_field("namn")?,
            org: schema.get_field("org")?,
            context: schema.get_field("context")?,
            beskrivning: schema.get_field("beskrivning")?,
        })
    }
}

#[cfg_attr(not(feature = "indexing"), allow(dead_code))]
pub(crate) fn build_schema() -> (Schema, Fields) {
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(INDEX_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions)
            .set_fieldnorms(true),
    );
    let mut b = SchemaBuilder::new();
    let fields = Fields {
        namn: b.add_text_field("namn", text.clone()),
        org: b.add_text_field("org", text.clone()),
        context: b.add_text_field("context", text.clone()),
        beskrivning: b.add_text_field("beskrivning", text),
    };
    (b.build(), fields)
}
