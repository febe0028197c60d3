package com.example.tidemark.sqlite;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sits on the wire between the store and SQLite, as a TCP proxy sits between a client and its server. Armed by
 * {@link #loseNextReply()}, it lets the next {@code COMMIT} through, then drops the connection (closes it) and
 * throws what a dead socket gives the JDBC caller: the change is committed but its reply never arrives.
 */
final class LostReplies {
  private final AtomicBoolean armed = new AtomicBoolean();

  /** The next COMMIT is applied and then its connection dies. */
  void loseNextReply() {
    armed.set(true);
  }

  /** {@code real}, with every statement it creates watched for an armed COMMIT. */
  Connection wrap(Connection real) {
    return proxy(Connection.class, real, (proxy, method, args) -> {
      Object result = call(real, method, args);
      return method.getName().equals("createStatement") && result instanceof Statement s
          ? proxy(Statement.class, s, statement(real, s)) : result;
    });
  }

  private InvocationHandler statement(Connection real, Statement s) {
    return (proxy, method, args) -> {
      Object result = call(s, method, args);
      if (method.getName().equals("execute") && args != null && args[0] instanceof String sql
          && sql.trim().toUpperCase(Locale.ROOT).equals("COMMIT") && armed.getAndSet(false)) {
        real.close();
        throw new SQLException("connection reset: the reply to COMMIT was lost", "08S01");
      }
      return result;
    };
  }

  private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(LostReplies.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
