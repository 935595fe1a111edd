package dev.regatta.operator.events;

/** An Event a step decided on, recorded once the status that explains it is written. */
public record RunEvent(EventReason reason, String message) {}
