package dev.tunacode.tools.builtin.search;

/**
 * The first match on a line, as offsets into the text searched.
 *
 * @param lineStart  where the line starts
 * @param lineEnd    where the line ends (before its '\n')
 * @param matchStart where the match starts
 * @param matchEnd   where the match ends
 */
record LineHit(int lineStart, int lineEnd, int matchStart, int matchEnd) {
}
