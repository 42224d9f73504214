import { SignIn } from './signIn';

/**
 * The IDE's sign-in, bundled on its own (`ide-signin.js`) for the IDE page, whose start script is plain
 * JavaScript over globals: the same OpenID Connect client as the dashboard's, as `window.NordicSignIn`.
 */
(window as unknown as { NordicSignIn: typeof SignIn }).NordicSignIn = SignIn;
