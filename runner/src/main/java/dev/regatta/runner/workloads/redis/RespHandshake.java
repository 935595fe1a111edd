package dev.regatta.runner.workloads.redis;

import dev.regatta.runner.transport.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Redis connection says before its first measured command: AUTH (password, or user and password)
 * and SELECT (a database number), blocking, at connect time. A refusal is an IOException naming the
 * command and the server's error line (never the password).
 */
final class RespHandshake {
  private RespHandshake() {}

  static void run(Transport transport, String user, String password, int database) throws IOException {
    List<List<String>> commands = new ArrayList<>();
    if (password != null) {
      commands.add(user != null ? List.of("AUTH", user, password) : List.of("AUTH", password));
    }
    if (database != 0) {
      commands.add(List.of("SELECT", Integer.toString(database)));
    }
    if (commands.isEmpty()) {
      return;
    }
    ByteBuffer out = ByteBuffer.wrap(encode(commands));
    transport.writeBlocking(out);
    ByteBuffer in = ByteBuffer.allocate(1024);
    StringBuilder line = new StringBuilder();
    int replied = 0;
    while (replied < commands.size()) {
      in.clear();
      if (transport.readBlocking(in) < 0) {
        throw new EOFException("redis closed the connection after " + commands.get(replied).get(0));
      }
      in.flip();
      while (in.hasRemaining() && replied < commands.size()) {
        char c = (char) in.get();
        if (c == '\n') {
          String reply = line.toString().trim();
          line.setLength(0);
          if (!reply.startsWith("+")) {
            throw new IOException("redis refused " + commands.get(replied).get(0) + ": "
                + (reply.startsWith("-") ? reply.substring(1) : reply));
          }
          replied++;
        } else {
          line.append(c);
        }
      }
    }
  }

  private static byte[] encode(List<List<String>> commands) {
    StringBuilder b = new StringBuilder();
    for (List<String> cmd : commands) {
      b.append('*').append(cmd.size()).append("\r\n");
      for (String arg : cmd) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        b.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
      }
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
