package dev.regatta.runner.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** TCP as it is: reads and writes go straight to the channel. */
final class PlainTransport extends Transport {
  PlainTransport(SocketChannel channel) {
    super(channel);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return channel.read(dst);
  }

  @Override
  public void write(ByteBuffer src) throws IOException {
    channel.write(src);
  }

  @Override
  public boolean pendingWrite() {
    return false;
  }

  @Override
  public boolean buffered() {
    return false;
  }

  @Override
  public void writeBlocking(ByteBuffer b) throws IOException {
    if (b.hasArray()) {
      writeSocket(b);
    } else {
      while (b.hasRemaining()) {
        channel.write(b);
      }
    }
  }

  @Override
  public int readBlocking(ByteBuffer dst) throws IOException {
    int n = readSocket(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
    if (n > 0) {
      dst.position(dst.position() + n);
    }
    return n;
  }
}
