package io.skywire.core.dmsg.http;

import java.io.IOException;

/**
 * Answers one dmsghttp request. Called on the connection's virtual thread; may block. A thrown exception becomes a
 * 500 answer (the connection and the server live on); a {@code null} answer becomes 404.
 */
@FunctionalInterface
public interface DmsgHttpHandler {
    DmsgHttpResponse handle(DmsgHttpRequest request) throws IOException;
}
