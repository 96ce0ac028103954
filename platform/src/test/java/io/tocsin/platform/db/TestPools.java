package io.tocsin.platform.db;

import io.tocsin.devstack.DevStack;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/** A small reactive pool on the test run's shared database, for platform tests outside Quarkus. */
public final class TestPools {

    private TestPools() {
    }

    public static Pool open(Vertx vertx) {
        DevStack stack = DevStack.shared();
        PgConnectOptions options = PgConnectOptions.fromUri(stack.reactiveUrl()).setUser(stack.dbUsername())
                .setPassword(stack.dbPassword());
        return PgPool.pool(vertx, options, new PoolOptions().setMaxSize(2));
    }
}
