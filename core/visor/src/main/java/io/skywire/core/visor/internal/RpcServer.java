package io.skywire.core.visor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.skywire.core.visor.api.VisorException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The visor's local control endpoint ({@code cli_addr}, default localhost:3435): one JSON object per line in
 * each direction, {@code {"id":1,"method":"Summary","params":{}}} answered by {@code {"id":1,"result":…}} or
 * {@code {"id":1,"error":"one line"}}. Format in docs/rpc.md. Unauthenticated, like Go's, hence loopback.
 */
final class RpcServer implements AutoCloseable {
    /** Handles one call; returns a Jackson-serialisable result. */
    interface Handler {
        Object call(String method, JsonNode params) throws VisorException;
    }

    static final int MAX_REQUEST = 1 << 20;
    private static final System.Logger LOG = System.getLogger("skywire.visor.rpc");

    private final ObjectMapper json;
    private final Handler handler;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private Channel channel;

    RpcServer(ObjectMapper json, Handler handler) {
        this.json = json;
        this.handler = handler;
    }

    /**
     * @param addr where to listen
     * @return the bound address
     * @throws Exception if the port is taken or the address is invalid
     */
    InetSocketAddress bind(InetSocketAddress addr) throws Exception {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new IdleStateHandler(0, 0, 300, TimeUnit.SECONDS),
                                new LineBasedFrameDecoder(MAX_REQUEST),
                                new StringDecoder(StandardCharsets.UTF_8),
                                new StringEncoder(StandardCharsets.UTF_8),
                                new CallHandler());
                    }
                });
        channel = b.bind(addr).sync().channel();
        return (InetSocketAddress) channel.localAddress();
    }

    private final class CallHandler extends SimpleChannelInboundHandler<String> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            if (line.isBlank()) {
                return;
            }
            // Calls may block (an app's start/stop), so they run off the event loop.
            workers.execute(() -> ctx.writeAndFlush(answer(line) + "\n"));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                ctx.writeAndFlush("{\"id\":null,\"error\":\"request longer than " + MAX_REQUEST + " bytes\"}\n");
            } else {
                LOG.log(System.Logger.Level.DEBUG, "rpc connection error: " + cause);
            }
            ctx.close();
        }
    }

    String answer(String line) {
        ObjectNode resp = json.createObjectNode();
        JsonNode req;
        try {
            req = json.readTree(line);
        } catch (Exception e) {
            resp.putNull("id");
            resp.put("error", "malformed request: expected one JSON object per line like "
                    + "{\"id\":1,\"method\":\"Summary\",\"params\":{}}");
            return resp.toString();
        }
        if (req == null || !req.isObject() || !req.path("method").isTextual()) {
            resp.putNull("id");
            resp.put("error", "malformed request: missing \"method\"");
            return resp.toString();
        }
        resp.set("id", req.get("id"));
        try {
            Object result = handler.call(req.get("method").asText(), req.path("params"));
            resp.set("result", json.valueToTree(result));
        } catch (VisorException e) {
            resp.put("error", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "rpc " + req.get("method").asText() + " failed", e);
            resp.put("error", "internal error: " + e);
        }
        return resp.toString();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownNow();
    }
}
