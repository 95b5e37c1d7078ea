-- Visibility predicates look reviews up by author (accounts a viewer needs).
CREATE INDEX reviews_author ON reviews (author_id);
