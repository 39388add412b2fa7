package dev.sluice.answers.gateway.cache;

/**
 * Which entry a full {@link AnswerCache} gives up to make room: the least recently used, the
 * least frequently used (ties: the least recently used of them), or the oldest inserted.
 */
public enum CachePolicy {
    LRU,
    LFU,
    FIFO
}
