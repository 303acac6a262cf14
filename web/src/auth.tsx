import { createContext, useContext, useState, type ReactNode } from 'react';
import { loadSession, saveSession, type Session } from './api';

interface Auth {
  session: Session | undefined;
  signIn: (s: Omit<Session, 'role'> & { role?: string }) => void;
  signOut: () => void;
  setRole: (role: string) => void;
}

const Ctx = createContext<Auth>({ session: undefined, signIn: () => undefined, signOut: () => undefined, setRole: () => undefined });

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const update = (s: Session | undefined) => {
    saveSession(s);
    setSession(s);
  };
  return (
    <Ctx.Provider
      value={{
        session,
        signIn: (s) => update({ ...s, role: s.role ?? s.principal.roles[0] ?? 'public' }),
        signOut: () => update(undefined),
        setRole: (role) => session && update({ ...session, role }),
      }}
    >
      {children}
    </Ctx.Provider>
  );
}

export const useAuth = (): Auth => useContext(Ctx);
