package io.tocsin.incident.postmortems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.platform.problem.ProblemException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The postmortem rules without I/O: status moves, edits, durations, action item changes. */
class PostmortemRulesTest {

    private static final Instant T0 = Instant.parse("2026-03-15T14:00:00Z");

    @Test
    void statusMovesOneStepForwardOnly() {
        assertThat(PostmortemStatus.DRAFT.canMoveTo(PostmortemStatus.IN_REVIEW)).isTrue();
        assertThat(PostmortemStatus.IN_REVIEW.canMoveTo(PostmortemStatus.PUBLISHED)).isTrue();
        assertThat(PostmortemStatus.DRAFT.canMoveTo(PostmortemStatus.PUBLISHED)).isFalse();
        assertThat(PostmortemStatus.IN_REVIEW.canMoveTo(PostmortemStatus.DRAFT)).isFalse();
        assertThat(PostmortemStatus.PUBLISHED.canMoveTo(PostmortemStatus.IN_REVIEW)).isFalse();
        assertThat(PostmortemStatus.PUBLISHED.canMoveTo(PostmortemStatus.DRAFT)).isFalse();
    }

    @Test
    void anEditBumpsTheVersionAndPublishingStampsTheTime() {
        Postmortem draft = postmortem(PostmortemStatus.DRAFT, 1);
        assertThat(PostmortemService.change(draft, 1, new PostmortemPatch(null, null), T0)).isSameAs(draft);
        assertThat(PostmortemService.change(draft, 1, new PostmortemPatch("body", PostmortemStatus.DRAFT), T0)).isSameAs(draft);
        Postmortem edited = PostmortemService.change(draft, 1, new PostmortemPatch("new body", PostmortemStatus.IN_REVIEW), T0);
        assertThat(edited.version()).isEqualTo(2);
        assertThat(edited.status()).isEqualTo(PostmortemStatus.IN_REVIEW);
        assertThat(edited.body()).isEqualTo("new body");
        assertThat(edited.publishedAt()).isNull();
        Postmortem published = PostmortemService.change(edited, 2, new PostmortemPatch(null, PostmortemStatus.PUBLISHED), T0);
        assertThat(published.publishedAt()).isEqualTo(T0);
        assertThatThrownBy(() -> PostmortemService.change(published, 3, new PostmortemPatch("again", null), T0))
                .isInstanceOf(ProblemException.class).extracting("status").isEqualTo(409);
        assertThatThrownBy(() -> PostmortemService.change(draft, 2, new PostmortemPatch("x", null), T0))
                .isInstanceOf(ProblemException.class).extracting("status").isEqualTo(412);
    }

    @Test
    void durationsReadLikeAPerson() {
        assertThat(PostmortemTemplate.between(T0, T0.plusSeconds(45))).isEqualTo("45s");
        assertThat(PostmortemTemplate.between(T0, T0.plusSeconds(12 * 60 + 5))).isEqualTo("12m 05s");
        assertThat(PostmortemTemplate.between(T0, T0.plusSeconds(3600 + 5 * 60 + 30))).isEqualTo("1h 05m 30s");
        assertThat(PostmortemTemplate.between(T0, T0.plusSeconds(2 * 86400 + 3 * 3600 + 60))).isEqualTo("2d 03h 01m");
        assertThat(PostmortemTemplate.between(T0, T0.minusSeconds(5))).isEqualTo("0s");
        assertThat(PostmortemTemplate.between(null, T0)).isEqualTo("not known");
    }

    @Test
    void doneStampsCompletionAndReopeningClearsIt() {
        ActionItem open = new ActionItem(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "INC-2026-0001", "Fix it",
                "u-alice", LocalDate.parse("2026-04-01"), List.of(), ActionItemStatus.OPEN, "u-bob", T0, T0, null);
        assertThat(PostmortemService.changeItem(open, new ActionItemPatch(null, null, null, null, null), List.of(), T0)).isSameAs(open);
        ActionItem done = PostmortemService.changeItem(open, new ActionItemPatch(null, null, null, ActionItemStatus.DONE, null),
                List.of(), T0.plusSeconds(60));
        assertThat(done.completedAt()).isEqualTo(T0.plusSeconds(60));
        ActionItem renamed = PostmortemService.changeItem(done, new ActionItemPatch(" Fix it well ", null, null, null, null),
                List.of(), T0.plusSeconds(120));
        assertThat(renamed.title()).isEqualTo("Fix it well");
        assertThat(renamed.completedAt()).isEqualTo(T0.plusSeconds(60));
        ActionItem reopened = PostmortemService.changeItem(renamed, new ActionItemPatch(null, null, null, ActionItemStatus.OPEN, null),
                List.of(), T0.plusSeconds(180));
        assertThat(reopened.completedAt()).isNull();
    }

    private static Postmortem postmortem(PostmortemStatus status, long version) {
        return new Postmortem(UUID.randomUUID(), UUID.randomUUID(), "INC-2026-0001", status, "body", version, T0, T0, null);
    }
}
