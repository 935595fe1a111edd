package dev.regatta.operator.reconcile.live;

import java.net.URI;

/** A runner pod's live endpoint: where its intervals are pulled from (docs/PROTOCOL.md, "Live intervals"). */
public record LiveTarget(String pod, URI endpoint) {}
