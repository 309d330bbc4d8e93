package dev.sextant.ingest.news.sentiment;

/**
 * A term and how much it moved a score, before normalization ("not approve", -3.2).
 *
 * @param term the lexicon term as matched, prefixed with its negator when negated
 * @param weight its summed contribution (title weight, negation and intensity applied)
 */
public record Term(String term, double weight) {}
