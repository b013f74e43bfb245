import { Form } from "@remix-run/react";

/** The module search box: a GET form, so it works without JavaScript. */
export function SearchForm({ query = "" }: { query?: string }) {
  return (
    <Form method="get" action="/hoc-tap/tim-kiem" role="search" className="search-form" aria-label="Tìm trong các bài học">
      <label htmlFor="tim-kiem-q" className="visually-hidden">
        Tìm trong các bài học
      </label>
      <input id="tim-kiem-q" type="search" name="q" defaultValue={query} placeholder="Ví dụ: sinh hoạt chi bộ" maxLength={200} />
      <button type="submit">Tìm</button>
    </Form>
  );
}
