package dev.mcpoauth.web.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class BodyShapeTest {

    enum Colour { RED, GREEN }

    public static class Input {
        public String name;
        public Integer count;
        public Boolean flag;
        public Colour colour;
        public java.util.Map<String, String> extra;
        public static String ignored;
    }

    @Test
    void acceptsMembersOfTheFieldsTypesNullsAndMembersItDoesNotKnow() {
        assertThatCode(() -> BodyShape.check(json("""
                {"name":"a","count":3,"flag":false,"colour":"GREEN","extra":{"a":"b"},"other":[1],"ignored":5}"""), Input.class))
                .doesNotThrowAnyException();
        assertThatCode(() -> BodyShape.check(json("""
                {"name":null,"count":null,"flag":null,"colour":null}"""), Input.class))
                .doesNotThrowAnyException();
    }

    @Test
    void namesEveryFieldOfTheWrongTypeWithWhatItAccepts() {
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> BodyShape.check(json("""
                {"name":7,"count":1.5,"flag":"yes","colour":"red","extra":{"a":1}}"""), Input.class));

        assertThat(refused.problem()).isEqualTo(Problem.INVALID_INPUT);
        JsonArray errors = (JsonArray) refused.extensions().get("errors");
        assertThat(errors).extracting(Object::toString).containsExactly(
                "{\"field\":\"name\",\"message\":\"must be a string\"}",
                "{\"field\":\"count\",\"message\":\"must be a whole number\"}",
                "{\"field\":\"flag\",\"message\":\"must be true or false\"}",
                "{\"field\":\"colour\",\"message\":\"must be one of RED, GREEN\"}",
                "{\"field\":\"extra\",\"message\":\"must be an object whose values are strings\"}");
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
