/** The staff member a use case acts for: who, in which role (as @CurrentStaff() gives them). */
export interface Actor {
  username: string;
  role: string;
}
