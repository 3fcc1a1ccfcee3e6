package dev.mcpoauth.web.entity;

import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/** One page of a listing: zero-based {@code page}, at most {@link #MAX_SIZE} items, with the total to page through. */
public record Paging(int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;
    static final int MAX_PAGE = Integer.MAX_VALUE / MAX_SIZE;

    public Paging {
        if (page < 0 || page > MAX_PAGE || size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("0 <= page <= " + MAX_PAGE + " and 1 <= size <= " + MAX_SIZE);
        }
    }

    /** The {@code page} and {@code size} query parameters; mistakes are collected in {@code errors}. */
    public static Paging of(String page, String size, InputErrors errors) {
        return new Paging(errors.number("page", page, 0, 0, MAX_PAGE), errors.number("size", size, DEFAULT_SIZE, 1,
                MAX_SIZE));
    }

    public int first() {
        return page * size;
    }

    public JsonObject toJSON(JsonArray items, long total) {
        return JsonBuilders.object()
                .add("items", items)
                .add("page", page)
                .add("size", size)
                .add("total", total)
                .add("hasMore", (long) first() + items.size() < total)
                .build();
    }
}
