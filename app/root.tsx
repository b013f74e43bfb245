import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useNavigation,
  useRouteLoaderData,
  type ShouldRevalidateFunctionArgs,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getSessionUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { navFor } from "~/components/nav";
import { ScrollHints } from "~/components/scroll-hints";
import { useNonce } from "~/http/nonce";
import { ROLES } from "~/auth/roles";
import { readFlash } from "~/utils/flash.server";
import styles from "~/styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const sessionUser = await getSessionUser(request);
  const flash = await readFlash(request);
  const user = sessionUser
    ? {
        displayName: sessionUser.displayName,
        roles: [...new Set(sessionUser.grants.map((g) => ROLES[g.role]))],
      }
    : null;
  return data({ user, nav: navFor(sessionUser), flash: flash.message }, { headers: flash.headers });
}

export const meta: MetaFunction = () => [{ title: "Bí thư chi bộ giỏi" }];

/** Autosaves (quiz, contest, drafting) leave the shell as it is: no reload of the user and menu. */
export function shouldRevalidate({ formData, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formData?.get("intent") === "save" ? false : defaultShouldRevalidate;
}

function Header() {
  const root = useRouteLoaderData<typeof loader>("root");
  const user = root?.user;
  return (
    <header className="site-header">
      <div className="header-row">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ★
          </span>
          Bí thư chi bộ giỏi
        </Link>
        {root?.nav.length ? (
          <nav aria-label="Điều hướng chính" className="main-nav">
            <ul>
              {root.nav.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {user ? (
          <details className="user-menu">
            <summary>
              <span className="visually-hidden">Tài khoản: </span>
              {user.displayName}
            </summary>
            <div className="user-menu-panel">
              <p className="muted">{user.roles.join(", ")}</p>
              <Link to="/tai-khoan">Đổi mật khẩu</Link>
              <Form method="post" action="/dang-xuat">
                <button type="submit" className="link-button">
                  Đăng xuất
                </button>
              </Form>
            </div>
          </details>
        ) : (
          <Link to="/dang-nhap" className="button button-small">
            Đăng nhập
          </Link>
        )}
      </div>
    </header>
  );
}

function Flash() {
  const root = useRouteLoaderData<typeof loader>("root");
  if (!root?.flash) return null;
  return (
    <p className="flash" role="status">
      {root.flash}
    </p>
  );
}

function Progress() {
  const navigation = useNavigation();
  return navigation.state === "idle" ? null : <div className="nav-progress" aria-hidden="true" />;
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#noi-dung" className="skip-link">
          Bỏ qua, đến nội dung chính
        </a>
        <Progress />
        <Header />
        <main id="noi-dung" tabIndex={-1}>
          <Flash />
          {children}
        </main>
        <footer className="site-footer">
          <p>Nền tảng tập huấn nghiệp vụ và Hội thi “Bí thư chi bộ giỏi”.</p>
        </footer>
        <ScrollHints />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
