// The header both signed-in pages share: who is signed in, their roles, the way to Administration, Sign out.

import {currentUser, isAdmin, problemView, signOut} from "./api.js";
import {busy, byId, el, replace} from "./dom.js";

const ROLE_NAMES = {"mcp-admin": "Administrator", "mcp-user": "User"};

/** Fills the header in and returns the signed-in person. */
export async function startHeader() {
    const user = await currentUser();
    byId("user-name").textContent = user.name;
    replace(byId("user-roles"), (user.roles ?? []).map((role) =>
        el("span", {class: "role", title: role}, ROLE_NAMES[role] ?? role)));
    byId("nav-admin").hidden = !isAdmin(user);
    const button = byId("signout");
    button.hidden = false;
    button.addEventListener("click", () => busy(button, "Signing out…", async () => {
        try {
            await signOut();
        } catch (error) {
            const where = byId("page-problem");
            replace(where, problemView(error, {retry: () => button.click(), onDismiss: () => where.replaceChildren()}));
        }
    }));
    return user;
}
