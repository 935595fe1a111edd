package dev.regatta.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One runner's figures for one live interval of one measured window (docs/PROTOCOL.md, "Live intervals"). The
 * same definitions as a result row: {@code count} operations completed (errors included), each with its latency in
 * {@code histogram}; {@code dropped} never executed. The intervals of a window add up exactly to its result row.
 *
 * @param seq this runner's interval number, from 1, increasing by one per interval (the pull cursor)
 * @param index the interval's place in its window, from 0: every pod of the fleet closes interval k of a window at
 *     the same offset from the common start, so the fleet's interval k is the sum of the pods' intervals k
 * @param startMillis epoch milliseconds the interval began (the window's measured start for its first)
 * @param endMillis epoch milliseconds it was closed
 * @param last true for the window's final (usually shorter) interval, closed when the window ended
 * @param histogram base64 HdrHistogram V2 compressed, microseconds ({@link dev.regatta.result.Histograms})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveInterval(long seq, long index, String scenario, Map<String, String> params, int repeat, long startMillis,
    long endMillis, boolean last, long count, long errors, long dropped, long bytes, Long bytesSent,
    Long bytesReceived, String histogram) {}
