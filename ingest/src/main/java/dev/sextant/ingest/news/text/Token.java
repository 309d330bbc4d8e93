package dev.sextant.ingest.news.text;

/**
 * A word of a news text.
 *
 * @param word the word as written, without a possessive "'s" ("ETH's" gives "ETH")
 * @param norm {@code word} in lower case, for case-insensitive matching
 * @param start character offset of the word (after any '$') in the text it came from
 * @param sentence index of the sentence the word belongs to, from 0
 * @param cashtag whether the word was written with a leading '$' ("$ETH")
 */
public record Token(String word, String norm, int start, int sentence, boolean cashtag) {}
